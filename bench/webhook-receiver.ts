// The benchmark's webhook receiver, in a process of its own (the points'
// thousands of sockets in the benchmark's process would delay its answers):
// answers 200 at once and notes when each delivery arrived, on a clock the
// benchmark shares (performance.timeOrigin + performance.now()).
//   POST /hook       a delivery      GET /stats  { deliveries, requests }
//   GET /arrivals    { <point code or id>: ms }   POST /reset
import http from 'node:http';

const now = () => performance.timeOrigin + performance.now();
const arrivals = new Map<string, number>();
let requests = 0;

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/stats') {
        res.end(JSON.stringify({ deliveries: arrivals.size, requests }));
        return;
      }
      if (req.method === 'GET' && req.url === '/arrivals') {
        res.end(JSON.stringify(Object.fromEntries(arrivals)));
        return;
      }
      if (req.method === 'POST' && req.url === '/reset') {
        arrivals.clear();
        requests = 0;
        res.end('{}');
        return;
      }
      requests++;
      const at = now();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const key = String(body.data?.code ?? body.id);
        if (!arrivals.has(key)) arrivals.set(key, at);
      } catch {
        // counted as a request only
      }
      res.writeHead(200).end('ok');
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
