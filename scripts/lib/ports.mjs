// Local TCP ports for tauri-driver and WebKitWebDriver: finding a free one, waiting for a
// server to listen. Used by scripts/lib/driver.mjs, which starts tauri-driver for the e2e
// runner, the installer test and the UI benchmark.

import { connect, createServer } from 'node:net';

/** A TCP port on 127.0.0.1 nothing listens on now: `preferred` when free, else one the OS picks. */
export function freePort(preferred = 0) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(freePort(0)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Two distinct free ports (a driver's own and its native driver's). */
export async function freePortPair(preferred = [0, 0]) {
  const first = await freePort(preferred[0]);
  let second = await freePort(preferred[1]);
  while (second === first) second = await freePort(0);
  return [first, second];
}

/** Resolves once something accepts connections on `port`; rejects after `timeoutMs`. */
export function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on port ${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}
