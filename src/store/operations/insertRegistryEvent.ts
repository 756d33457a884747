import type { RegistryEventAction, Tx } from '../schema.js';

export interface NewRegistryEvent {
  at: number;
  action: RegistryEventAction;
  name: string;
  version: string;
  actorSubject: string;
  actorMethod: string;
  oldValue: unknown;
  newValue: unknown;
}

export async function insertRegistryEvent({ tx, event }: { tx: Tx; event: NewRegistryEvent }): Promise<void> {
  await tx
    .insertInto('registry_events')
    .values({
      at: event.at,
      action: event.action,
      name: event.name,
      version: event.version,
      actor_subject: event.actorSubject,
      actor_method: event.actorMethod,
      old_value: event.oldValue === undefined || event.oldValue === null ? null : JSON.stringify(event.oldValue),
      new_value: JSON.stringify(event.newValue),
    })
    .execute();
}
