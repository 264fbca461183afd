import { readFileSync } from 'node:fs'
import type { Abi, Hex } from 'viem'
import { DragnetError } from '../core/errors.ts'

/** The contracts compiled by scripts/compile-contracts.ts into src/devnet/artifacts/. */
export type ArtifactName =
  | 'TestToken'
  | 'Forwarder'
  | 'Stablecoin'
  | 'WETH9'
  | 'UniswapV2Pair'
  | 'SwapRouter'
  | 'UnwrapRouter'
  | 'Bridge'
  | 'Mixer'
  | 'PriceFeedAggregator'
  | 'PriceFeedProxy'
  | 'ThorchainRouter'

/** A compiled contract: its ABI and creation bytecode. */
export interface Artifact {
  contractName: string
  abi: Abi
  bytecode: Hex
}

/** Reads a committed artifact; artifacts are compiled ahead of time so nothing compiles at run time. */
export function loadArtifact(name: ArtifactName): Artifact {
  const url = new URL(`./artifacts/${name}.json`, import.meta.url)
  let parsed: { contractName?: unknown; abi?: unknown; bytecode?: unknown }
  try {
    parsed = JSON.parse(readFileSync(url, 'utf8'))
  } catch (cause) {
    throw new DragnetError(
      'FILE_NOT_FOUND',
      `artifact ${name} is missing or unreadable: run scripts/compile-contracts.ts`,
      {
        cause,
        details: { name },
      },
    )
  }
  if (!Array.isArray(parsed.abi) || typeof parsed.bytecode !== 'string' || !parsed.bytecode.startsWith('0x')) {
    throw new DragnetError('INTERNAL', `artifact ${name} has no abi or bytecode`, { details: { name } })
  }
  return { contractName: name, abi: parsed.abi as Abi, bytecode: parsed.bytecode as Hex }
}
