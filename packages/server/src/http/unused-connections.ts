import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

/**
 * On close, Node ends keep-alive connections idle between requests, but not one that has not sent
 * a request yet (an HTTP client's spare connection, as the MCP client's fetch leaves one): closing
 * would wait for its headers timeout. Those are ended too; requests in flight still finish.
 */
export function endUnusedConnectionsOnClose(app: FastifyInstance): void {
  const unused = new Set<Socket>();
  app.server.on("connection", (socket: Socket) => {
    unused.add(socket);
    socket.once("close", () => unused.delete(socket));
  });
  app.server.on("request", (request: { socket: Socket }) => unused.delete(request.socket));
  app.addHook("preClose", async () => {
    for (const socket of unused) socket.destroy();
  });
}
