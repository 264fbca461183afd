import type { Row } from '../store/store.ts'
import type { GasFingerprint } from './mixer-types.ts'

/**
 * A stored transaction's gas fingerprint: the fee cap and tip for type 2 and later (ethereum-etl's gas_price is
 * then the effective price, set by the block's base fee, not by the sender), the gas price otherwise.
 */
export function gasFingerprintOf(tx: Row): GasFingerprint {
  const type = tx.transaction_type === null || tx.transaction_type === undefined ? null : Number(tx.transaction_type)
  const maxFee = quantity(tx.max_fee_per_gas)
  const tip = quantity(tx.max_priority_fee_per_gas)
  if ((type !== null && type >= 2) || (type === null && maxFee !== null && tip !== null)) {
    return { type, gasPrice: null, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip }
  }
  return { type, gasPrice: quantity(tx.gas_price), maxFeePerGas: null, maxPriorityFeePerGas: null }
}

function quantity(value: unknown): bigint | null {
  if (value === null || value === undefined || value === '') return null
  return BigInt(value as string | bigint | number)
}

/**
 * The fingerprint the rule compares: the fee cap and tip pair when the transaction has one (type 2 and later),
 * else the legacy gas price; null when the store holds neither.
 */
export function fingerprintKey(gas: GasFingerprint): string | null {
  if (gas.maxFeePerGas !== null && gas.maxPriorityFeePerGas !== null) {
    return `1559:${gas.maxFeePerGas}:${gas.maxPriorityFeePerGas}`
  }
  if (gas.gasPrice !== null) return `legacy:${gas.gasPrice}`
  return null
}
