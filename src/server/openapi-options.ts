import type { SwaggerOptions } from '@fastify/swagger'

/** The OpenAPI 3.1 document's frame; @fastify/swagger fills in every route from its schemas. */
export const OPENAPI_OPTIONS: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Dragnet API',
      version: '1',
      description:
        'Trace stolen funds, raise freeze requests, screen addresses; organisations, roles and TLP. See docs/server.md.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer dn_...' },
      },
    },
    security: [{ apiKey: [] }],
  },
}
