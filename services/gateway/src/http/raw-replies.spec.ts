import { RawJson } from '@yiti/platform';
import { GatewayConfig } from '../config';
import { createGatewayAdapter } from './fastify-http';

describe("the gateway's reply serializer", () => {
  it("writes a service's answer kept as JSON text (RawJson) as it is, with the content type of any JSON answer; other objects as JSON", async () => {
    const fastify = createGatewayAdapter(new GatewayConfig()).getInstance();
    fastify.get('/raw', () => new RawJson<object>('{"name": "张三", "n": [1, 2]}'));
    fastify.get('/object', () => ({ name: '张三', n: [1, 2] }));
    const url = await fastify.listen({ port: 0, host: '127.0.0.1' });
    try {
      const raw = await fetch(`${url}/raw`);
      const object = await fetch(`${url}/object`);
      const rawBody = await raw.text();
      expect(rawBody).toBe('{"name": "张三", "n": [1, 2]}');
      expect(await object.text()).toBe('{"name":"张三","n":[1,2]}');
      expect(raw.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(object.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(raw.headers.get('content-length')).toBe(String(Buffer.byteLength(rawBody)));
    } finally {
      await fastify.close();
    }
  });
});
