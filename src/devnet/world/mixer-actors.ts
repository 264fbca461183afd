import type { ActorSpec } from './actors.ts'

/**
 * The mixer leg's participants (docs/demo-world.md, "The mixer leg"). Indexes 6-9 are anvil's prefunded
 * accounts, unused by the rest of the world: they bring the crowd's clean money. Every other account starts
 * empty, past the world's actors (0-39) and the THORChain vault (40). None is labelled: the relayers and the
 * new Harbor deposit address must be recognised by what they do.
 */
export const MIXER_ACTORS = {
  crowdFunder: { index: 6, role: 'funder', name: 'Funds the careful mixer users', label: null },
  carelessFunder: { index: 7, role: 'funder', name: 'Funds the careless mixer users', label: null },
  gasFunder: { index: 8, role: 'funder', name: 'Pays the careless direct withdrawer its gas money', label: null },
  w1Funder: { index: 9, role: 'funder', name: "Pays the attacker's withdrawal wallet W1 its gas money", label: null },
  relayer1: { index: 41, role: 'mixer-relayer', name: 'Mixer relayer 1', label: null },
  relayer2: { index: 42, role: 'mixer-relayer', name: 'Mixer relayer 2', label: null },
  w1: { index: 43, role: 'attacker-wallet', name: 'Attacker withdrawal wallet W1 (note 1)', label: null },
  depositW1: { index: 44, role: 'exchange-deposit', name: 'Harbor deposit address (attacker, W1)', label: null },
  w2: { index: 45, role: 'attacker-wallet', name: 'Attacker withdrawal wallet W2 (note 2)', label: null },
  crowd1: { index: 46, role: 'mixer-user', name: 'Careful mixer user 1 (100 ETH pool)', label: null },
  crowd2: { index: 47, role: 'mixer-user', name: 'Careful mixer user 2 (100 ETH pool)', label: null },
  crowd3: { index: 48, role: 'mixer-user', name: 'Careful mixer user 3 (10 ETH pool)', label: null },
  crowd4: { index: 49, role: 'mixer-user', name: 'Careful mixer user 4 (10 ETH pool)', label: null },
  crowd5: { index: 50, role: 'mixer-user', name: 'Careful mixer user 5 (1 ETH pool)', label: null },
  crowd6: { index: 51, role: 'mixer-user', name: 'Careful mixer user 6 (1 ETH pool)', label: null },
  crowdOut1: { index: 52, role: 'mixer-recipient', name: 'Fresh address of careful user 1', label: null },
  crowdOut2: { index: 53, role: 'mixer-recipient', name: 'Fresh address of careful user 2', label: null },
  crowdOut3: { index: 54, role: 'mixer-recipient', name: 'Fresh address of careful user 3', label: null },
  crowdOut4: { index: 55, role: 'mixer-recipient', name: 'Fresh address of careful user 4', label: null },
  crowdOut5: { index: 56, role: 'mixer-recipient', name: 'Fresh address of careful user 5', label: null },
  crowdOut6: { index: 57, role: 'mixer-recipient', name: 'Fresh address of careful user 6', label: null },
  linkedIn: { index: 58, role: 'mixer-user', name: 'Careless user: paid by its own withdrawal address', label: null },
  linkedOut: { index: 59, role: 'mixer-recipient', name: 'Withdrawal address that pays its depositor', label: null },
  multiIn: { index: 60, role: 'mixer-user', name: 'Careless user: 1 x 10 ETH + 2 x 1 ETH', label: null },
  multiOut: { index: 61, role: 'mixer-recipient', name: 'Withdraws exactly 1 x 10 ETH + 2 x 1 ETH', label: null },
  timingIn: { index: 62, role: 'mixer-user', name: 'Careless user: withdraws within two minutes', label: null },
  timingOut: { index: 63, role: 'mixer-recipient', name: 'Withdrawal address 90 s after its deposit', label: null },
  gasIn: { index: 64, role: 'mixer-user', name: 'Careless user: a fee cap of its own', label: null },
  gasOut: { index: 65, role: 'mixer-recipient', name: 'Withdraws directly with the same fee cap', label: null },
  sameAddress: { index: 66, role: 'mixer-user', name: 'Careless user: withdraws to its own address', label: null },
} as const satisfies Record<string, ActorSpec>

export type MixerActorKey = keyof typeof MIXER_ACTORS
