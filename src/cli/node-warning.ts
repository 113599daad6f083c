/**
 * The AWS SDK warns on Node 20 that its 2027 releases need Node 22. That is
 * for the people packaging mamori (see `engines`), not for its users: the CLI
 * turns it off through the SDK's own documented switch, unless the user set
 * that variable themselves. Must run before any SDK module is loaded.
 */
export function silenceNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
