/**
 * A DNS server on 127.0.0.1 (UDP) answering TXT questions from a map the test
 * fills in, for the `dns` proof: real DNS on the wire, without touching the
 * machine's resolver. Names are looked up lower-cased; unknown names get no answers.
 */
import dns2 from 'dns2';

export interface LoopbackDns {
  /** `127.0.0.1:<port>`, as `dnsServers` takes it. */
  server: string;
  close(): Promise<void>;
}

export async function startLoopbackDns(txt: ReadonlyMap<string, string[]>): Promise<LoopbackDns> {
  const dns = dns2.createServer({
    udp: true,
    handle(request, send) {
      const response = dns2.Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question?.name.toLowerCase() ?? '';
      for (const data of question?.type === dns2.Packet.TYPE.TXT ? (txt.get(name) ?? []) : []) {
        response.answers.push({ name, type: dns2.Packet.TYPE.TXT, class: dns2.Packet.CLASS.IN, ttl: 1, data } as unknown as dns2.Packet.Resource);
      }
      void send(response);
    },
  });
  const { udp } = await dns.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return { server: `127.0.0.1:${udp!.port}`, close: () => dns.close() };
}
