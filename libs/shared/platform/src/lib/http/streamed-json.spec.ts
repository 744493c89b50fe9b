import express from 'express';
import type { AddressInfo } from 'node:net';
import { sendStreamedJson } from './streamed-json';

describe('sendStreamedJson', () => {
  it('sends the same JSON as one stringify would, a slice at a time, over a real HTTP server', async () => {
    const entries = Array.from({ length: 1_050 }, (_, index) => ({ index, text: `entry ${index} “quoted” \\ ${'x'.repeat(200)}` }));
    const app = express();
    app.get('/big', (_request, response) => void sendStreamedJson(response, { crn: 'X123456', asOf: null }, 'events', entries));
    app.get('/empty', (_request, response) => void sendStreamedJson(response, { crn: 'X123456' }, 'events', []));
    const server = app.listen(0);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const big = await fetch(`${base}/big`);
      expect(big.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await big.text()).toBe(JSON.stringify({ crn: 'X123456', asOf: null, events: entries }));
      expect(await (await fetch(`${base}/empty`)).text()).toBe('{"crn":"X123456","events":[]}');
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });
});
