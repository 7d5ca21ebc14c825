import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** OpenAPI 3 document at /docs/json and Swagger UI at /docs, built from route schemas. */
export default fp(
  async function docs(fastify: FastifyInstance) {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'giaoban API',
          description:
            'Nationwide online briefings: connection points, sessions, attendance and the speaker register. Errors are RFC 9457 problem+json with a stable `code`.',
          version: '0.1.0',
        },
        tags: [{ name: 'operations', description: 'health, readiness and metrics' }],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          },
        },
      },
      refResolver: {
        // Shared schemas appear under components.schemas by their $id.
        buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
      },
    });
    // Swagger UI sends its own content security policy in place of helmet's:
    // its bundle puts an inline <style> into an SVG logo, so the docs pages
    // (and only they) allow inline styles; scripts stay 'self' only.
    await fastify.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      transformStaticCSP: (header) =>
        header.replace("style-src 'self' https:", "style-src 'self' https: 'unsafe-inline'"),
    });
  },
  { name: 'docs', fastify: '5.x' },
);
