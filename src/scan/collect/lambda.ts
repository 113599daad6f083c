import {
  LambdaClient,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  type FunctionConfiguration,
  type ListFunctionsCommandOutput,
  type ListFunctionUrlConfigsCommandOutput,
} from '@aws-sdk/client-lambda';
import { findSecrets, mask } from '../../secrets/detect.js';
import type { LambdaFunction, LambdaUrl, SecretMatch } from '../snapshot.js';
import { all, read, readPerRegion, type CollectContext } from './context.js';

/** Lambda returns at most 50 functions or URL configs per page. */
const PAGE = 50;

/**
 * Variable names that say "this is an AWS secret key". Lambda reserves
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN for its own
 * role credentials, so hard-coded keys hide under look-alikes
 * (MY_AWS_SECRET_ACCESS_KEY, AWS_SECRET_KEY...). A bare SECRET_KEY is
 * left alone: it is every Django application's signing key.
 */
const SECRET_KEY_NAME = /SECRET_?ACCESS_?KEY|AWS_?SECRET/i;
const EXAMPLE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/**
 * What a variable gives away, with the value masked at once: the detector
 * runs on `NAME=value` so a 40-character secret is recognised by its name,
 * as it would be in a .env file; a name that announces a secret key counts
 * even when the value has another shape.
 */
export function envSecretsOf(name: string, value: string): SecretMatch[] {
  const start = name.length + 1;
  const found: SecretMatch[] = findSecrets(`${name}=${value}`)
    .filter((f) => f.index >= start)
    .map((f) => ({ rule: f.rule, location: name, masked: mask(f.value), example: f.example }));
  if (found.length === 0 && SECRET_KEY_NAME.test(name) && value.trim() !== '' && !/^arn:|^\{\{resolve:/.test(value)) {
    found.push({ rule: 'aws-secret-key-variable', location: name, masked: mask(value), example: value === EXAMPLE_SECRET || value.endsWith('EXAMPLEKEY') });
  }
  return found;
}

function functionOf(f: FunctionConfiguration): Omit<LambdaFunction, 'urls'> {
  const vars = f.Environment?.Variables ?? {};
  const envNames = Object.keys(vars).sort();
  return {
    name: f.FunctionName!,
    arn: f.FunctionArn!,
    ...(f.Runtime ? { runtime: f.Runtime } : {}),
    ...(f.Role ? { role: f.Role } : {}),
    // Values are dropped here: only masked matches and names leave this function.
    envSecrets: envNames.flatMap((n) => envSecretsOf(n, vars[n] ?? '')),
    envNames,
    ...(f.Environment?.Error ? { envError: `${f.Environment.Error.ErrorCode ?? 'Error'}: ${f.Environment.Error.Message ?? ''}`.trim() } : {}),
  };
}

/** Lambda per region: functions (environment secrets masked at once) and their function URLs. */
export async function collectLambda(ctx: CollectContext): Promise<void> {
  const { aws, snap } = ctx;
  snap.lambda.functions = await readPerRegion(ctx, 'lambda:ListFunctions', async (region) => {
    const fns = await all(
      aws.pages<ListFunctionsCommandOutput>(LambdaClient, region, (Marker) => new ListFunctionsCommand({ MaxItems: PAGE, Marker }), (o) => o.NextMarker),
      (o) => o.Functions?.map(functionOf),
    );
    return Promise.all(
      fns.map(async (f): Promise<LambdaFunction> => {
        const urls = await read('lambda:ListFunctionUrlConfigs', region, () =>
          all(
            aws.pages<ListFunctionUrlConfigsCommandOutput>(
              LambdaClient,
              region,
              (Marker) => new ListFunctionUrlConfigsCommand({ FunctionName: f.name, MaxItems: PAGE, Marker }),
              (o) => o.NextMarker,
            ),
            (o) =>
              o.FunctionUrlConfigs?.map((u): LambdaUrl => {
                const qualifier = u.FunctionArn?.slice(f.arn.length + 1);
                return { url: u.FunctionUrl!, authType: u.AuthType ?? 'UNKNOWN', ...(qualifier ? { qualifier } : {}) };
              }),
          ),
        );
        return { ...f, urls };
      }),
    );
  });
}
