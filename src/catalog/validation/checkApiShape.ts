/**
 * The API-level shape of a publish / edit / validate body: what Huma derives from
 * the official Go structs (pkg/api/v0 ServerJSON, pkg/model) and enforces with a
 * 422 "validation failed" before authentication and before any semantic rule.
 * Property order is Go struct order, which is also the order Huma reports in.
 */
import type { ErrorDetail } from '../../errors.js';
import { PUBLISHER_PROVIDED_META_KEY, type ServerJson } from './serverJson.js';
import { goPattern, validateShape, type PropertyShape, type Shape } from './validateShape.js';

const text: Shape = { kind: 'string' };
const flag: Shape = { kind: 'boolean' };
const uri: Shape = { kind: 'string', format: 'uri' };

const INPUT_PROPERTIES: readonly PropertyShape[] = [
  { name: 'description', shape: text },
  { name: 'isRequired', shape: flag },
  { name: 'format', shape: { kind: 'string', enum: ['string', 'number', 'boolean', 'filepath'] } },
  { name: 'value', shape: text },
  { name: 'isSecret', shape: flag },
  { name: 'default', shape: text },
  { name: 'placeholder', shape: text },
  { name: 'choices', shape: { kind: 'array', items: text } },
];

const INPUT: Shape = { kind: 'object', properties: INPUT_PROPERTIES };

const INPUT_WITH_VARIABLES_PROPERTIES: readonly PropertyShape[] = [...INPUT_PROPERTIES, { name: 'variables', shape: { kind: 'map', values: INPUT } }];

const KEY_VALUE_INPUT: Shape = {
  kind: 'object',
  properties: [...INPUT_WITH_VARIABLES_PROPERTIES, { name: 'name', shape: text, required: true }],
};

// Huma has no enum for the argument type (a plain Go string type); the JSON Schema
// and the semantic rules judge it later.
const ARGUMENT: Shape = {
  kind: 'object',
  properties: [
    ...INPUT_WITH_VARIABLES_PROPERTIES,
    { name: 'type', shape: text, required: true },
    { name: 'name', shape: text },
    { name: 'valueHint', shape: text },
    { name: 'isRepeated', shape: flag },
  ],
};

const TRANSPORT: Shape = {
  kind: 'object',
  properties: [
    { name: 'type', shape: text, required: true },
    { name: 'url', shape: text },
    { name: 'headers', shape: { kind: 'array', items: KEY_VALUE_INPUT } },
    { name: 'variables', shape: { kind: 'map', values: INPUT } },
  ],
};

const PACKAGE: Shape = {
  kind: 'object',
  properties: [
    { name: 'registryType', shape: { kind: 'string', minLength: 1 }, required: true },
    { name: 'registryBaseUrl', shape: uri },
    { name: 'identifier', shape: { kind: 'string', minLength: 1 }, required: true },
    { name: 'version', shape: { kind: 'string', minLength: 1, maxLength: 255 } },
    { name: 'fileSha256', shape: { kind: 'string', pattern: goPattern('^[a-f0-9]{64}$') } },
    { name: 'runtimeHint', shape: text },
    { name: 'transport', shape: TRANSPORT, required: true },
    { name: 'runtimeArguments', shape: { kind: 'array', items: ARGUMENT } },
    { name: 'packageArguments', shape: { kind: 'array', items: ARGUMENT } },
    { name: 'environmentVariables', shape: { kind: 'array', items: KEY_VALUE_INPUT } },
  ],
};

const ICON: Shape = {
  kind: 'object',
  properties: [
    { name: 'src', shape: { kind: 'string', maxLength: 255, format: 'uri' }, required: true },
    {
      name: 'mimeType',
      shape: { kind: 'string', enum: ['image/png', 'image/jpeg', 'image/jpg', 'image/svg+xml', 'image/webp'] },
    },
    { name: 'sizes', shape: { kind: 'array', items: { kind: 'string', pattern: goPattern('^(\\d+x\\d+|any)$') } } },
    { name: 'theme', shape: { kind: 'string', enum: ['light', 'dark'] } },
  ],
};

// Every repository field is optional at the API (so `"repository": {}` passes, as
// upstream issue #1546 notes); the JSON Schema is stricter.
const REPOSITORY: Shape = {
  kind: 'object',
  properties: [
    { name: 'url', shape: uri },
    { name: 'source', shape: text },
    { name: 'id', shape: text },
    { name: 'subfolder', shape: text },
  ],
};

// Only the publisher-provided extension is accepted; the registry's own `official`
// block and vendor keys are unknown properties here, exactly as upstream rejects them.
const META: Shape = {
  kind: 'object',
  properties: [{ name: PUBLISHER_PROVIDED_META_KEY, shape: { kind: 'freeform' } }],
};

export const SERVER_JSON_SHAPE: Shape = {
  kind: 'object',
  properties: [
    { name: '$schema', shape: { kind: 'string', minLength: 1, format: 'uri' }, required: true },
    {
      name: 'name',
      shape: { kind: 'string', minLength: 3, maxLength: 200, pattern: goPattern('^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$') },
      required: true,
    },
    { name: 'description', shape: { kind: 'string', minLength: 1, maxLength: 100 }, required: true },
    { name: 'title', shape: { kind: 'string', minLength: 1, maxLength: 100 } },
    { name: 'repository', shape: REPOSITORY },
    { name: 'version', shape: { kind: 'string', minLength: 1, maxLength: 255 }, required: true },
    { name: 'websiteUrl', shape: uri },
    { name: 'icons', shape: { kind: 'array', items: ICON } },
    { name: 'packages', shape: { kind: 'array', items: PACKAGE } },
    { name: 'remotes', shape: { kind: 'array', items: TRANSPORT } },
    { name: '_meta', shape: META },
  ],
};

/**
 * Huma's struct validation of a server.json request body. On success `value` is
 * the document with canonical key spellings, otherwise every error found, in the
 * `{message, location, value}` form of a 422 problem body.
 */
export function checkApiShape(body: unknown): { ok: true; value: ServerJson } | { ok: false; errors: ErrorDetail[] } {
  return validateShape<ServerJson>(SERVER_JSON_SHAPE, body);
}
