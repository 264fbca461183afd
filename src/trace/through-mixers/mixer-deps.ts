import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import { linkWithdrawals } from '../../mixer/link-withdrawals.ts'
import type { LinkOptions, MixerLink, PoolActivity } from '../../mixer/mixer-types.ts'
import { readPoolActivity } from '../../mixer/read-pool-activity.ts'
import type { Store } from '../../store/store.ts'

/** What the probable layer reads from the mixer module: the pools' activity, and the links between its notes. */
export interface MixerDeps {
  readPoolActivity(store: Pick<Store, 'read'>, chain: string, labels: EndpointLabels): Promise<PoolActivity>
  linkWithdrawals(activity: PoolActivity, options?: Partial<LinkOptions>): MixerLink[]
}

/** The mixer module's reader and linker. */
export const MIXER_DEPS: MixerDeps = { readPoolActivity, linkWithdrawals }
