import { activityUtc9Hours, loginCountryHopping, loginVpnHosting } from './activity-checks.ts'
import { linkedApplicants, walletExposure } from './context-checks.ts'
import {
  cameraRefused,
  identityInconsistent,
  livenessFailed,
  paymentCryptoRequest,
  paymentOtherName,
  profileLocationInconsistent,
  shippingAddressMismatch,
} from './identity-checks.ts'
import { listContains } from './list-contains.ts'
import type { Check } from './rule-types.ts'

/** The checks a rule file may name in its `check` field. */
export function builtinChecks(): Map<string, Check> {
  return new Map<string, Check>([
    ['identity-inconsistent', identityInconsistent],
    ['profile-location-inconsistent', profileLocationInconsistent],
    ['shipping-address-mismatch', shippingAddressMismatch],
    ['activity-utc9-hours', activityUtc9Hours],
    ['login-country-hopping', loginCountryHopping],
    ['login-vpn-hosting', loginVpnHosting],
    ['list-contains', listContains],
    ['payment-crypto-request', paymentCryptoRequest],
    ['payment-other-name', paymentOtherName],
    ['camera-refused', cameraRefused],
    ['liveness-failed', livenessFailed],
    ['wallet-exposure', walletExposure],
    ['linked-applicants', linkedApplicants],
  ])
}
