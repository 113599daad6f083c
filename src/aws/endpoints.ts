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

/**
 * S3 Control's endpoint rules put the account id in front of the host
 * (`123456789012.s3-control...`) even for a custom endpoint, and
 * `disableHostPrefix` does not cover it: against `127.0.0.1` the SDK cannot
 * even build the URL. With a custom endpoint, resolve to exactly that URL.
 */
export function fixedEndpoint(url: string): { endpointProvider: () => { url: URL } } {
  return { endpointProvider: () => ({ url: new URL(url) }) };
}
