// The OTLP/HTTP receiver for the "tracing on" row: accepts every export (reads the body whole,
// as a collector must before answering) and answers 200 `{}`, as cheaply as a Node server can.
// It runs in its own process, so its work is not charged to the BFF or the load generator.
import { createServer } from 'node:http';
import { serveAsChild } from './child-protocol.ts';

const accepted = Buffer.from('{}');

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': accepted.length });
    res.end(accepted);
  });
});

serveAsChild(server, { readyOnListen: true });
