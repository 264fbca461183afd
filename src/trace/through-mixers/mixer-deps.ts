import { DragnetError } from '../../core/errors.ts'
import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import type { LinkOptions, MixerLink, PoolActivity } from '../../mixer/mixer-types.ts'
import type { Store } from '../../store/store.ts'

/** What the probable layer reads from the mixer module: the pools' activity, and the links between its notes. */
export interface MixerDeps {
  readPoolActivity(store: Pick<Store, 'read'>, chain: string, labels: EndpointLabels): Promise<PoolActivity>
  linkWithdrawals(activity: PoolActivity, options?: Partial<LinkOptions>): MixerLink[]
}

const missing = (): never => {
  throw new DragnetError('INVALID_ARGUMENT', 'the mixer linker is not available in this build')
}

/** The mixer module's reader and linker. */
export const MIXER_DEPS: MixerDeps = { readPoolActivity: async () => missing(), linkWithdrawals: missing }
