/**
 * Custom endpoints (LocalStack-style emulators). The SDK itself reads
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>; what it does not do is make
 * the addressing work against a single host on an IP or `localhost`:
 * virtual-hosted S3 buckets and host prefixes (`<account>.s3-control...`)
 * would need DNS names the emulator does not have.
 */
export function envKeyFor(serviceId: string): string {
  return `AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

export function customEndpointFor(serviceId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  return env[envKeyFor(serviceId)] || env.AWS_ENDPOINT_URL || undefined;
}
