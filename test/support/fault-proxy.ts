import { once } from 'node:events';
import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy between the app and a real server (PostgreSQL on 127.0.0.1:5432) that a test can
 * cut: `cut()` destroys every open connection and refuses new ones (the port is closed, as
 * when the server is down), `restore()` listens again on the same port.
 */
export interface FaultProxy {
  port: number;
  /** the URL with host:port replaced by the proxy's */
  via(url: string): string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** connections the proxy has carried (opened since start) */
  connections(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let opened = 0;
  let port = 0;
  let server: Server | undefined;

  const listen = async () => {
    const srv = createServer((client) => {
      opened++;
      const upstream = new Socket();
      sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.connect(target.port, target.host, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
    srv.listen(port, '127.0.0.1');
    await once(srv, 'listening');
    port = (srv.address() as { port: number }).port;
    server = srv;
  };

  // close() stops accepting and waits for open connections, which are destroyed meanwhile
  const cut = async () => {
    const srv = server;
    server = undefined;
    const closed = srv ? new Promise<void>((r) => srv.close(() => r())) : Promise.resolve();
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };

  await listen();
  return {
    port,
    via(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut,
    restore: listen,
    connections: () => opened,
    close: cut,
  };
}
