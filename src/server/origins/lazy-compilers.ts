import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorBuilder = NonNullable<CompilersFactory['buildValidator']>;
type SerializerBuilder = NonNullable<CompilersFactory['buildSerializer']>;
type ValidatorCompiler = ReturnType<ValidatorBuilder>;
type SerializerCompiler = ReturnType<SerializerBuilder>;
type Validate = ReturnType<ValidatorCompiler> & { errors?: unknown };

/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for
 * responses), with the same options, but each route's schema is compiled on
 * the route's first request instead of before listen. Compiling about two
 * hundred schemas, and building one Ajv per origin with its meta-schemas,
 * was the largest part of the lab's cold start; most routes are
 * never called in a session. The four origins share one Ajv pool.
 */
const validators = AjvCompiler();
const serializers = SerializerSelector();

const buildValidator: ValidatorBuilder = (externalSchemas, options) => {
  let compiler: ValidatorCompiler | undefined;
  return (route) => {
    let compiled: Validate | undefined;
    // Fastify reads `.errors` off the function it was given after a failed check.
    const validate = function (this: unknown, data: unknown) {
      compiled ??= (compiler ??= validators(externalSchemas, options))(route) as Validate;
      const result = compiled.call(this, data);
      validate.errors = compiled.errors;
      return result;
    } as Validate;
    return validate;
  };
};

const buildSerializer: SerializerBuilder = (externalSchemas, options) => {
  let compiler: SerializerCompiler | undefined;
  return (route) => {
    let compiled: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      compiled ??= (compiler ??= serializers(externalSchemas, options))(route);
      return compiled(data);
    };
  };
};

export const lazySchemaCompilers: CompilersFactory = { buildValidator, buildSerializer };
