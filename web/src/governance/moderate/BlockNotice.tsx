/** On the server page, for moderators: whether the server is blocked (by a moderator, or by its trust level), by whom, when and why. */
import { when } from '../../connect/meApi.js';
import { useSession } from '../../session/useSession.js';
import { ShownText } from '../../ui/ShownText.js';
import { useLoad } from '../../ui/useLoad.js';
import { getBlock, MODERATE_PERMISSION } from './moderationApi.js';

export function BlockNotice({ server }: { server: string }) {
  const session = useSession();
  const may = session.can(MODERATE_PERMISSION);
  const [block] = useLoad(`block:${server}:${may}`, (signal) => (may ? getBlock(server, session.token, signal) : Promise.resolve(null)));
  if (block.state !== 'ready' || block.data === null) return null;
  const { blocked, trustBlocked } = block.data;
  if (!blocked && !trustBlocked) return null;
  return (
    <p className="state state-error" role="alert" data-testid="blocked">
      {blocked ? (
        <>
          Blocked by {blocked.by} {when(blocked.at)}: <ShownText text={blocked.reason} />. The gateway refuses this server.
        </>
      ) : (
        'Blocked by its trust level: the gateway refuses this server.'
      )}
    </p>
  );
}
