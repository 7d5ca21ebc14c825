// The media signalling's socket payloads (mediasoup-client parameters are checked by mediasoup).
import type { types as mediasoup } from 'mediasoup';
import Type, { type Static } from 'typebox';
import { MEDIA_SOURCES, type MediaSource, Uuid } from './primitives.js';

/** A WebRTC parameter object: its shape is checked here, its contents by mediasoup. */
const Params = Type.Record(Type.String(), Type.Unknown());

export const MediaSessionPayloadSchema = Type.Object(
  { sessionId: Uuid },
  { additionalProperties: false },
);

export const TransportCreatePayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    direction: Type.Enum(['send', 'recv']),
    rtpCapabilities: Type.Optional(
      Type.Object(
        {
          codecs: Type.Array(Params, { maxItems: 64 }),
          headerExtensions: Type.Optional(Type.Array(Params, { maxItems: 64 })),
        },
        {
          additionalProperties: true,
          description: "the device's capabilities; required for 'recv'",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const TransportConnectPayloadSchema = Type.Object(
  {
    transportId: Uuid,
    dtlsParameters: Type.Object(
      {
        role: Type.Optional(Type.Enum(['auto', 'client', 'server'])),
        fingerprints: Type.Array(
          Type.Object({
            algorithm: Type.String({ maxLength: 20 }),
            value: Type.String({ maxLength: 200 }),
          }),
          { minItems: 1, maxItems: 8 },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const TransportRefPayloadSchema = Type.Object(
  { transportId: Uuid },
  { additionalProperties: false },
);

export const ProducePayloadSchema = Type.Object(
  {
    transportId: Uuid,
    kind: Type.Enum(['audio', 'video']),
    source: Type.Enum(MEDIA_SOURCES),
    rtpParameters: Type.Object(
      {
        codecs: Type.Array(Params, { minItems: 1, maxItems: 32 }),
        encodings: Type.Optional(Type.Array(Params, { maxItems: 8 })),
        headerExtensions: Type.Optional(Type.Array(Params, { maxItems: 32 })),
        rtcp: Type.Optional(Params),
        mid: Type.Optional(Type.String({ maxLength: 32 })),
        msid: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const ProducerRefPayloadSchema = Type.Object(
  { producerId: Uuid },
  { additionalProperties: false },
);

export const MediaTestPayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    echo: Type.Boolean({
      description:
        'true: the technical test run starts — your camera and microphone come back to you alone; false: it ends',
    }),
  },
  { additionalProperties: false },
);

export const MicPayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    pointCode: Type.String({ minLength: 1, maxLength: 64 }),
    state: Type.Enum(['open', 'closed', 'auto'], {
      description:
        'open: without the floor; closed: silenced, even with the floor; auto: the floor decides',
    }),
  },
  { additionalProperties: false },
);

/** The central hall's wall shows a page of points: only their cameras are forwarded to it. */
export const WallPayloadSchema = Type.Object(
  {
    sessionId: Uuid,
    pointCodes: Type.Union(
      [
        Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
          maxItems: 400,
          uniqueItems: true,
        }),
        Type.Null(),
      ],
      {
        description:
          'the points on the wall now (the floor holder is forwarded whatever the page); null: every point',
      },
    ),
  },
  { additionalProperties: false },
);

export const StatsPayloadSchema = Type.Object({}, { additionalProperties: false });

/** What `media:transport:create` answers: enough for mediasoup-client's createSend/RecvTransport. */
export interface TransportOptions {
  id: string;
  iceParameters: mediasoup.IceParameters;
  iceCandidates: mediasoup.IceCandidate[];
  dtlsParameters: mediasoup.DtlsParameters;
}

/** `media:consumer:new`: consume this, then ack; the consumer is resumed after the ack. */
export interface ConsumerOffer {
  consumerId: string;
  producerId: string;
  kind: mediasoup.MediaKind;
  rtpParameters: mediasoup.RtpParameters;
  /** The point the media comes from. */
  code: string;
  source: MediaSource;
}

export interface MediaStats {
  transports: Array<{ id: string; direction: 'send' | 'recv'; stats: unknown[] }>;
  producers: Array<{ id: string; source: MediaSource; paused: boolean; stats: unknown[] }>;
  consumers: Array<{ id: string; code: string; kind: string; paused: boolean; stats: unknown[] }>;
}

/**
 * What the server tells a point about its media, each event with its
 * payload (the server adds `sessionId`).
 */
export interface MediaNotices {
  'consumer:closed': { consumerId: string };
  'consumer:paused': { consumerId: string };
  'consumer:resumed': { consumerId: string };
  /** Your microphone: muted by the server (no floor, or silenced by a moderator) or open. */
  mic: { muted: boolean };
}

export type MediaSessionPayload = Static<typeof MediaSessionPayloadSchema>;
export type TransportCreatePayload = Static<typeof TransportCreatePayloadSchema>;
export type TransportConnectPayload = Static<typeof TransportConnectPayloadSchema>;
export type TransportRefPayload = Static<typeof TransportRefPayloadSchema>;
export type ProducePayload = Static<typeof ProducePayloadSchema>;
export type ProducerRefPayload = Static<typeof ProducerRefPayloadSchema>;
export type MicPayload = Static<typeof MicPayloadSchema>;
export type WallPayload = Static<typeof WallPayloadSchema>;
export type MicState = MicPayload['state'];
