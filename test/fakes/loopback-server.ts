/** Start and stop helpers shared by the local fake servers (Bot Connector, Graph, Zammad). */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on 127.0.0.1 on a free port; resolves with the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Ends answers held back on purpose, drops open connections and closes the server. */
export async function closeServer(server: Server, hanging?: Set<ServerResponse>): Promise<void> {
  if (hanging) {
    for (const res of hanging) res.destroy();
    hanging.clear();
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
