/**
 * What a scan can know about root's MFA devices. Root's virtual devices are
 * listed to any caller (ListVirtualMFADevices, user ARN ending in `:root`);
 * its hardware and FIDO devices are listed only to root itself
 * (ListMFADevices as root). Checks must not read more into this than it says.
 */
import type { AccountSnapshot, MfaDevice } from '../../snapshot.js';
import type { AwsFailure } from '../../../aws/errors.js';

export type RootMfaView =
  /** The scan ran as root: every device and its type. */
  | { kind: 'exact'; devices: MfaDevice[] }
  /** Only root's virtual devices are visible; hardware/FIDO ones may exist beside them. */
  | { kind: 'virtual-only'; virtualSerials: string[] }
  | { kind: 'unreadable'; error: AwsFailure };

export function rootMfaView(snap: AccountSnapshot): RootMfaView {
  const own = snap.iam.rootMfaDevices;
  // An empty exact list while the summary says MFA is on would contradict it: fall back to what others can see.
  if (own?.ok && own.value.length > 0) return { kind: 'exact', devices: own.value };
  const virtual = snap.iam.virtualMfaDevices;
  if (!virtual.ok) return { kind: 'unreadable', error: virtual.error };
  return { kind: 'virtual-only', virtualSerials: virtual.value.filter((d) => d.userArn?.endsWith(':root')).map((d) => d.serial) };
}

export const isHardware = (d: MfaDevice) => d.type === 'hardware' || d.type === 'fido';

/** Console steps to see root's devices and their types: only root can. */
export const VERIFY_ROOT_DEVICES =
  'Sign in to the AWS console as the root user (email and password) → account name (top right) → Security credentials → "Multi-factor authentication (MFA)". ' +
  'The table lists every device registered to root with its Type (Virtual, Hardware TOTP token, Passkey or security key).';

export const ADD_ROOT_DEVICE =
  'Sign in as root → account name → Security credentials → Multi-factor authentication (MFA) → Assign MFA device → choose "Passkey or security key" (a FIDO2 key such as a YubiKey) or "Hardware TOTP token" → follow the prompts. ' +
  'Root may hold up to 8 devices, so keep the existing one until the new one works.';
