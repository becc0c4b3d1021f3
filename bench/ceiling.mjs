// The ceiling: a bare node:http server answering one fixed, pre-serialised JSON body (a contact of
// the same size as ours) to every request. Nothing here parses, routes, authenticates or queries,
// so its throughput is the most Node can do on this machine with this load generator.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.env.CEILING_BODY_FILE);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

createServer((request, response) => {
  // Drain any request body before answering, as a real server must.
  request.resume();
  request.on('end', () => {
    response.writeHead(200, headers);
    response.end(body);
  });
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
