import { decodeFunctionResult, hexToString, parseAbi } from 'viem'
import type { TokenMeta } from '../../store/store.ts'
import type { JsonRpcClient } from './json-rpc-client.ts'

const abi = parseAbi([
  'function symbol() view returns (string)',
  'function name() view returns (string)',
  'function decimals() view returns (uint8)',
])
const SELECTORS = { name: '0x06fdde03', symbol: '0x95d89b41', decimals: '0x313ce567' } as const

/**
 * Reads symbol, name and decimals by eth_call. Tokens that return bytes32 instead of string (MKR, SAI) are
 * decoded too; a call that reverts or returns garbage leaves that field null rather than failing the ingest.
 */
export async function readTokenMetadata(
  client: JsonRpcClient,
  chain: string,
  tokens: readonly string[],
): Promise<TokenMeta[]> {
  if (tokens.length === 0) return []
  const calls = tokens.flatMap((to) =>
    (['symbol', 'name', 'decimals'] as const).map((f) => ({
      method: 'eth_call',
      params: [{ to, data: SELECTORS[f] }, 'latest'],
    })),
  )
  const results = await client.batchSettled<string>(calls)
  return tokens.map((address, i) => {
    const at = (k: number) => {
      const r = results[i * 3 + k]
      return r?.ok && typeof r.result === 'string' ? r.result : undefined
    }
    return {
      chain,
      address,
      symbol: decodeText(at(0), 'symbol'),
      name: decodeText(at(1), 'name'),
      decimals: decodeDecimals(at(2)),
      wrappedNative: false,
    }
  })
}

function decodeText(hex: string | undefined, fn: 'symbol' | 'name'): string | null {
  if (!hex || hex === '0x') return null
  try {
    return clean(decodeFunctionResult({ abi, functionName: fn, data: hex as `0x${string}` }))
  } catch {
    if (hex.length === 66) {
      try {
        return clean(hexToString(hex as `0x${string}`, { size: 32 }))
      } catch {
        return null
      }
    }
    return null
  }
}

function decodeDecimals(hex: string | undefined): number | null {
  if (!hex || !/^0x[0-9a-fA-F]{1,64}$/.test(hex)) return null
  const v = BigInt(hex)
  return v <= 255n ? Number(v) : null
}

function clean(s: string): string | null {
  // bytes32 names are NUL-padded, and some tokens put control characters in their names.
  const t = s.replace(/\p{Cc}/gu, '').trim()
  return t.length > 0 ? t : null
}
