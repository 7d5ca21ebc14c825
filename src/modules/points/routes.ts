import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  CreatePointBody,
  CredentialListQuery,
  CredentialSchema,
  ImportQuery,
  ImportResultSchema,
  IssueCredentialBody,
  IssueCredentialsBody,
  IssuedCredentialSchema,
  IssuedCredentialsSchema,
  PointCredentialSchema,
  PointListQuery,
  PointSchema,
  UpdatePointBody,
} from '../../contract/index.js';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { actorOf } from '../audit/record.js';
import { access, principalOf } from '../auth/principal.js';
import {
  credentialView,
  issueCredential,
  issueCredentials,
  listAllCredentials,
  listCredentials,
  revokeCredential,
} from './credentials.js';
import { importPoints, parsePointsCsv } from './import.js';
import { createPoint, listPoints, pointView, requirePoint, updatePoint } from './service.js';

const secretariat = { access: access.roles('secretariat') };
const security = [{ bearer: [] }];
const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/** The registry of connection points and their operator credentials. */
export default async function pointRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;

  // CSV bodies arrive as text for the import route (this plugin's routes only).
  fastify.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  fastify.get(
    '/api/v1/points',
    {
      config: { access: access.users },
      schema: {
        tags: ['points'],
        summary: 'List connection points',
        security,
        querystring: PointListQuery,
        response: {
          200: Type.Object({ points: Type.Array(PointSchema), total: Type.Integer() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { points, total } = await listPoints(db, request.query);
      return { points: points.map(pointView), total };
    },
  );

  fastify.get(
    '/api/v1/points/:code',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['points'],
        summary: 'One connection point (a point credential sees only its own)',
        security,
        params: CodeParams,
        response: { 200: PointSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.kind === 'point' && principal.pointCode !== request.params.code) {
        throw new HttpProblem(
          403,
          ErrorCode.FORBIDDEN,
          'A credential acts for its own point only.',
        );
      }
      return pointView(await requirePoint(db, request.params.code));
    },
  );

  fastify.post(
    '/api/v1/points',
    {
      config: secretariat,
      schema: {
        tags: ['points'],
        summary: 'Register a connection point',
        description:
          'Parents: central-body and province under the central-hall, district under a province, commune under a district or province.',
        security,
        body: CreatePointBody,
        response: { 201: PointSchema, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const point = await createPoint(db, actorOf(principalOf(request)), request.body);
      return reply.code(201).send(pointView(point));
    },
  );

  fastify.patch(
    '/api/v1/points/:code',
    {
      config: secretariat,
      schema: {
        tags: ['points'],
        summary: 'Change a point: name, kind, parent (null: none), active',
        security,
        params: CodeParams,
        body: UpdatePointBody,
        response: { 200: PointSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const point = await updatePoint(
        db,
        actorOf(principalOf(request)),
        request.params.code,
        request.body,
      );
      if (!point.active) fastify.events.publish('access.revoked', { pointId: point.id });
      return pointView(point);
    },
  );

  fastify.delete(
    '/api/v1/points/:code',
    {
      config: secretariat,
      schema: {
        tags: ['points'],
        summary: 'Deactivate a point (kept for the records; its credentials stop working)',
        security,
        params: CodeParams,
        response: { 200: PointSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const point = await updatePoint(db, actorOf(principalOf(request)), request.params.code, {
        active: false,
      });
      fastify.events.publish('access.revoked', { pointId: point.id });
      return pointView(point);
    },
  );

  fastify.post(
    '/api/v1/points/import',
    {
      config: secretariat,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['points'],
        summary: 'Import points from CSV (all rows or none)',
        description:
          'Body `text/csv`, UTF-8: header `code,name,kind,parent_code`, optionally `operator_name,operator_phone`. Rows create new points or update existing ones by code. If any row is invalid nothing is imported and the 422 lists every problem by line. `?dryRun=true` checks the same and answers what each row would do, writing nothing (the page shows this preview first).',
        security,
        consumes: ['text/csv'],
        querystring: ImportQuery,
        body: Type.String({ minLength: 1 }),
        response: {
          200: ImportResultSchema,
          ...problemResponses(400, 401, 403, 413, 415, 422),
        },
      },
    },
    async (request) =>
      importPoints(
        db,
        actorOf(principalOf(request)),
        parsePointsCsv(request.body),
        request.query.dryRun,
      ),
  );

  fastify.post(
    '/api/v1/credentials',
    {
      config: secretariat,
      schema: {
        tags: ['points'],
        summary:
          'Issue operator credentials for many points at once (the tokens are shown only in this answer)',
        description:
          "The listed `pointCodes`, or every active point of `kind` and/or under `parent` (its code). All or nothing: an unknown listed point is 422 UNKNOWN_REFERENCE, an inactive one 409; no selection is 400. `replace: true` revokes the points' earlier credentials in the same transaction (a reissue: their links stop working at once). Each credential comes with a `shortCode` the operator can type instead of opening the link.",
        security,
        body: IssueCredentialsBody,
        response: {
          201: IssuedCredentialsSchema,
          ...problemResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { label, replace, ...select } = request.body;
      const { issued, revokedIds } = await issueCredentials(
        db,
        actorOf(principalOf(request)),
        select,
        label,
        replace,
      );
      for (const credentialId of revokedIds)
        fastify.events.publish('access.revoked', { credentialId });
      request.log.info(
        { count: issued.length, revoked: revokedIds.length },
        'credentials issued in bulk',
      );
      return reply.code(201).send({
        credentials: issued.map(({ point, credential, token, shortCode }) => ({
          ...credentialView(credential),
          token,
          shortCode,
          code: point.code,
          name: point.name,
          kind: point.kind,
        })),
      });
    },
  );

  fastify.post(
    '/api/v1/points/:code/credentials',
    {
      config: secretariat,
      schema: {
        tags: ['points'],
        summary:
          'Issue an operator credential for the point (the token is shown only in this answer)',
        security,
        params: CodeParams,
        body: IssueCredentialBody,
        response: {
          201: IssuedCredentialSchema,
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { credential, token, shortCode } = await issueCredential(
        db,
        actorOf(principalOf(request)),
        request.params.code,
        request.body?.label,
      );
      return reply.code(201).send({ ...credentialView(credential), token, shortCode });
    },
  );

  fastify.get(
    '/api/v1/credentials',
    {
      config: secretariat,
      schema: {
        tags: ['points'],
        summary:
          'Credentials of many points (never their tokens): by point, newest first, with last use',
        security,
        querystring: CredentialListQuery,
        response: {
          200: Type.Object({ credentials: Type.Array(PointCredentialSchema) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => ({
      credentials: (await listAllCredentials(db, request.query)).map((r) => ({
        ...credentialView(r.credential),
        code: r.code,
        name: r.name,
        kind: r.kind,
      })),
    }),
  );

  fastify.get(
    '/api/v1/points/:code/credentials',
    {
      config: secretariat,
      schema: {
        tags: ['points'],
        summary: "A point's credentials (never their tokens): issued, last used, revoked",
        security,
        params: CodeParams,
        response: {
          200: Type.Object({ credentials: Type.Array(CredentialSchema) }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => ({
      credentials: (await listCredentials(db, request.params.code)).map(credentialView),
    }),
  );

  fastify.delete(
    '/api/v1/points/:code/credentials/:credentialId',
    {
      config: secretariat,
      schema: {
        tags: ['points'],
        summary: 'Revoke a credential',
        security,
        params: Type.Object({
          code: Type.String({ maxLength: 64 }),
          credentialId: Type.String({ format: 'uuid' }),
        }),
        response: { 200: CredentialSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const credential = await revokeCredential(
        db,
        actorOf(principalOf(request)),
        request.params.code,
        request.params.credentialId,
      );
      fastify.events.publish('access.revoked', { credentialId: credential.id });
      return credentialView(credential);
    },
  );
}
