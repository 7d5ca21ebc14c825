// The baseline: a bare socket.io server answering the same events with no
// authentication, no database and no giaoban code: echo acks, one room, a
// broadcast of the same payload, an in-memory counter for positions.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const http = createServer((_req, res) => res.end('ok'));
const io = new Server(http, { serveClient: false });
let position = 0;
io.on('connection', (socket) => {
  socket.join('session');
  socket.on('session:join', (payload, ack) => ack({ ok: true, data: payload }));
  socket.on('attendance:check-in', (payload, ack) => ack({ ok: true, data: payload }));
  socket.on('speaker:request', (_payload, ack) =>
    ack({ ok: true, data: { position: ++position } }),
  );
  socket.on('speaker:grant', (payload, ack) => {
    io.to('session').emit('floor:granted', payload);
    ack({ ok: true, data: payload });
  });
});
http.listen({ port, host: '127.0.0.1', backlog: 4096 });
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
