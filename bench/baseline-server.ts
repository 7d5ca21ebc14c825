// The baseline: a bare socket.io server answering the same events with an
// immediate echo ack: no authentication, no database, no giaoban code.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const http = createServer((_req, res) => res.end('ok'));
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  socket.on('session:join', (payload, ack) => ack({ ok: true, data: payload }));
  socket.on('attendance:check-in', (payload, ack) => ack({ ok: true, data: payload }));
});
http.listen({ port, host: '127.0.0.1', backlog: 4096 });
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
