import Type from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
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
    source: Type.Enum(['camera', 'mic', 'screen']),
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

export const StatsPayloadSchema = Type.Object({}, { additionalProperties: false });
