import { DragnetError } from '../../core/errors.ts'
import { sortInputsBip69, sortOutputsBip69 } from './bip69.ts'
import { assembleBlock, buildCoinbase, type DevBlock } from './block-build.ts'
import { type DevTx, type DevTxOut, decodeDevTx } from './dev-tx.ts'
import { type DevWallet, deriveWallet, scriptKey, type WalletKind } from './dev-wallet.ts'
import { type BtcNetwork, MAINNET, REGTEST } from './script-type.ts'
import { addressScript, opReturnOutput, type SignedInput, signTx, type Utxo } from './tx-sign.ts'
import { UtxoSet } from './utxo-set.ts'

export interface BtcDevChainOptions {
  /** Unix seconds of the genesis block; block n is stamped genesisTime + n·blockInterval. */
  genesisTime: number
  /** Keys are sha256(`<seed>:<wallet name>`). */
  seed?: string
  /** `main` (default) gives real-world-looking bc1…/1…/3… addresses; `regtest` gives bcrt1…/m…/2…. */
  network?: 'main' | 'regtest'
  blockInterval?: number
  /** Blocks before a coinbase output may be spent: 100 as on every Bitcoin network. */
  coinbaseMaturity?: number
  /** Regtest halves the subsidy every 150 blocks. */
  halvingInterval?: number
}

/** A payee: a wallet, a wallet's name, or an address. */
export type Payee = DevWallet | string

export interface PayOptions {
  fee: bigint
  opReturn?: string | Uint8Array
  /** Spend exactly these outputs instead of choosing the oldest ones. */
  inputs?: Utxo[]
  /** Spend every spendable output of the payer (a consolidation). */
  sweep?: boolean
  /** Where change goes; the payer by default. */
  changeTo?: Payee
}

export const COIN = 100_000_000n

/**
 * A Bitcoin chain built in memory from real, signed transactions and mined blocks.
 * @example
 * const chain = new BtcDevChain({ genesisTime: 1_700_000_000 })
 * chain.mine(101) // the genesis coinbase matures
 * chain.pay('miner', [{ to: 'alice', amount: 1_000_000n }], { fee: 1_000n })
 * chain.mine()
 */
export class BtcDevChain {
  readonly net: BtcNetwork
  readonly seed: string
  readonly genesisTime: number
  readonly blockInterval: number
  readonly halvingInterval: number
  /** The active chain, by height. */
  readonly blocks: DevBlock[] = []
  /** Every block ever mined, stale ones included, by hash. */
  readonly allBlocks = new Map<string, DevBlock>()
  mempool: DevTx[] = []
  readonly utxos: UtxoSet
  private readonly wallets = new Map<string, DevWallet>()
  private readonly byScript = new Map<string, DevWallet>()
  private readonly builtAtHeight = new Map<number, number>()
  /** Active-chain transactions by txid, so getrawtransaction (the ingest's input lookups) stays O(1). */
  private readonly txIndex = new Map<string, DevBlock>()

  constructor(opts: BtcDevChainOptions) {
    this.net = opts.network === 'regtest' ? REGTEST : MAINNET
    this.seed = opts.seed ?? 'dragnet-devnet'
    this.genesisTime = opts.genesisTime
    this.blockInterval = opts.blockInterval ?? 600
    this.halvingInterval = opts.halvingInterval ?? 150
    this.utxos = new UtxoSet(opts.coinbaseMaturity ?? 100)
    this.mine(1)
  }

  get height(): number {
    return this.blocks.length - 1
  }

  get tip(): DevBlock {
    return this.blocks[this.blocks.length - 1] as DevBlock
  }

  /** The wallet called `name`, derived on first use; one name has one kind. */
  wallet(name: string, kind: WalletKind = 'p2wpkh'): DevWallet {
    const known = this.wallets.get(name)
    if (known !== undefined) {
      if (known.kind !== kind && kind !== 'p2wpkh')
        throw new DragnetError('INVALID_ARGUMENT', `wallet ${name} is ${known.kind}, not ${kind}`, {
          details: { name, kind: known.kind },
        })
      return known
    }
    const w = deriveWallet(this.seed, name, kind, this.net)
    this.wallets.set(name, w)
    this.byScript.set(scriptKey(w.script), w)
    return w
  }

  /** The devnet wallet an output script pays, if any. */
  ownerOf(script: Uint8Array): DevWallet | undefined {
    return this.byScript.get(scriptKey(script))
  }

  scriptOf(to: Payee): Uint8Array {
    if (typeof to !== 'string') return to.script
    return addressScript(to, this.net) ?? this.wallet(to).script
  }

  /** Spendable outputs of a wallet (confirmed and mature, then unconfirmed), oldest first. */
  unspent(owner: Payee): Utxo[] {
    const key = scriptKey(this.scriptOf(owner))
    return this.utxos.spendable((u) => scriptKey(u.script) === key, this.height + 1)
  }

  balance(owner: Payee): bigint {
    return this.unspent(owner).reduce((s, u) => s + u.value, 0n)
  }

  /** Signs a transaction over devnet-owned outputs and puts it in the mempool, after a node's checks. */
  spend(inputs: Utxo[], outputs: DevTxOut[], opts: { lockTime?: number; sequence?: number } = {}): DevTx {
    const signed: SignedInput[] = inputs.map((utxo) => {
      const wallet = this.ownerOf(utxo.script)
      if (wallet === undefined)
        throw new DragnetError('INVALID_ARGUMENT', `${utxo.txid}:${utxo.vout} is not a devnet wallet's output`, {
          details: { txid: utxo.txid, vout: utxo.vout },
        })
      return opts.sequence === undefined ? { utxo, wallet } : { utxo, wallet, sequence: opts.sequence }
    })
    const bytes = signTx(signed, outputs, opts.lockTime === undefined ? {} : { lockTime: opts.lockTime })
    return this.submit(bytes)
  }

  /** Accepts a serialised transaction into the mempool when its inputs are unspent and cover its outputs. */
  submit(bytes: Uint8Array): DevTx {
    const draft = decodeDevTx(bytes, [])
    const prevouts = this.utxos.resolveInputs(draft, this.height + 1)
    const tx = decodeDevTx(bytes, prevouts)
    if (tx.isCoinbase) throw new DragnetError('INVALID_ARGUMENT', 'a coinbase cannot enter the mempool')
    if (tx.fee < 0n)
      throw new DragnetError('CHAIN_INCONSISTENT', `${tx.txid} spends more than its inputs hold`, {
        details: { txid: tx.txid, fee: tx.fee.toString() },
      })
    this.utxos.acceptPending(tx)
    this.mempool.push(tx)
    return tx
  }

  /** Pays `outputs` from one wallet, choosing its oldest outputs, with change back to it (or `changeTo`). */
  pay(from: Payee, outputs: { to: Payee; amount: bigint }[], opts: PayOptions): DevTx {
    const outs: DevTxOut[] = outputs.map((o) => ({ value: o.amount, script: this.scriptOf(o.to) }))
    const need = outs.reduce((s, o) => s + o.value, 0n) + opts.fee
    const { chosen, have } = this.select(from, need, opts.inputs, opts.sweep)
    // Payments, change, then the memo: the order THORChain's signer writes its outbounds in.
    if (have > need) outs.push({ value: have - need, script: this.scriptOf(opts.changeTo ?? from) })
    if (opts.opReturn !== undefined) outs.push(opReturnOutput(opts.opReturn))
    return this.spend(chosen, outs)
  }

  /** The payer's oldest coins covering `need` (or exactly `inputs`, or all of them for a sweep). */
  private select(from: Payee, need: bigint, inputs?: Utxo[], sweep?: boolean): { chosen: Utxo[]; have: bigint } {
    const chosen: Utxo[] = []
    let have = 0n
    for (const u of inputs ?? this.unspent(from)) {
      if (!sweep && inputs === undefined && have >= need) break
      chosen.push(u)
      have += u.value
    }
    if (have < need)
      throw new DragnetError('INVALID_ARGUMENT', `${payeeName(from)} holds ${have} sat, needs ${need}`, {
        details: { from: payeeName(from), have: have.toString(), need: need.toString() },
      })
    return { chosen, have }
  }

  /**
   * One transaction joining several payers: each brings coins for its outputs and its share of the fee and gets
   * its change back; inputs and outputs in BIP69 order, as most coinjoin software writes them.
   * @example
   * chain.coinjoin([{ from: 'a', outputs: [{ to: 'a2', amount: 10_000n }], fee: 300n }, { from: 'b', … }])
   */
  coinjoin(parts: { from: Payee; outputs: { to: Payee; amount: bigint }[]; fee: bigint; inputs?: Utxo[] }[]): DevTx {
    const inputs: Utxo[] = []
    const outs: DevTxOut[] = []
    for (const p of parts) {
      const paid = p.outputs.map((o) => ({ value: o.amount, script: this.scriptOf(o.to) }))
      const need = paid.reduce((s, o) => s + o.value, 0n) + p.fee
      const { chosen, have } = this.select(p.from, need, p.inputs)
      inputs.push(...chosen)
      outs.push(...paid)
      if (have > need) outs.push({ value: have - need, script: this.scriptOf(p.from) })
    }
    return this.spend(sortInputsBip69(inputs), sortOutputsBip69(outs))
  }

  /** The block subsidy at a height: 50 BTC halved every `halvingInterval` blocks. */
  subsidy(height: number): bigint {
    const halvings = Math.floor(height / this.halvingInterval)
    return halvings >= 64 ? 0n : (50n * COIN) >> BigInt(halvings)
  }

  /** Mines `n` blocks: each takes the whole mempool, pays subsidy plus fees to `to` (the `miner` wallet). */
  mine(n = 1, opts: { to?: Payee } = {}): DevBlock[] {
    const mined: DevBlock[] = []
    for (let k = 0; k < n; k++) {
      const height = this.blocks.length
      const txs = this.mempool
      const fees = txs.reduce((s, t) => s + t.fee, 0n)
      const extraNonce = (this.builtAtHeight.get(height) ?? 0) + 1
      this.builtAtHeight.set(height, extraNonce)
      const coinbase = buildCoinbase({
        height,
        extraNonce,
        payout: [{ value: this.subsidy(height) + fees, script: this.scriptOf(opts.to ?? 'miner') }],
        wtxids: txs.map((t) => t.wtxid),
      })
      const block = assembleBlock({
        height,
        prevHash: height === 0 ? '0'.repeat(64) : this.tip.hash,
        time: this.genesisTime + height * this.blockInterval,
        txs: [coinbase, ...txs],
      })
      this.blocks.push(block)
      this.allBlocks.set(block.hash, block)
      for (const t of block.txs) this.txIndex.set(t.txid, block)
      this.utxos.clearPending()
      this.utxos.connect(block)
      this.mempool = []
      mined.push(block)
    }
    return mined
  }

  /**
   * Replaces the top `depth` blocks with `replacementBlocks` new ones (at least one more, so the new branch has
   * more work). The old blocks' transactions go back to the mempool, as a node does, unless `dropTxs`; `before`
   * runs on the fork before it is mined, to add conflicting or new transactions.
   */
  reorg(
    depth: number,
    replacementBlocks = depth + 1,
    opts: { dropTxs?: boolean; before?: (chain: BtcDevChain) => void } = {},
  ): DevBlock[] {
    if (depth < 1 || depth > this.height)
      throw new DragnetError('CHAIN_REORG_TOO_DEEP', `cannot replace ${depth} of ${this.height} blocks`, {
        details: { depth, height: this.height },
      })
    if (replacementBlocks <= depth)
      throw new DragnetError('INVALID_ARGUMENT', 'a replacement branch needs more blocks than it replaces', {
        details: { depth, replacementBlocks },
      })
    const dropped = this.blocks.splice(this.blocks.length - depth, depth)
    const pending = this.mempool
    this.rebuildUtxos()
    this.mempool = []
    if (!opts.dropTxs) {
      for (const tx of [...dropped.flatMap((b) => b.txs.filter((t) => !t.isCoinbase)), ...pending]) this.tryResubmit(tx)
    }
    opts.before?.(this)
    return this.mine(replacementBlocks)
  }

  private tryResubmit(tx: DevTx): boolean {
    try {
      this.submit(tx.bytes)
      return true
    } catch (e) {
      // A transaction that spent a dropped coinbase or now conflicts leaves the mempool, as in Core.
      if (e instanceof DragnetError && e.code === 'CHAIN_INCONSISTENT') return false
      throw e
    }
  }

  private rebuildUtxos(): void {
    this.utxos.confirmed.clear()
    this.utxos.clearPending()
    this.txIndex.clear()
    for (const b of this.blocks) {
      this.utxos.connect(b)
      for (const t of b.txs) this.txIndex.set(t.txid, b)
    }
  }

  /** A transaction by txid on the active chain or in the mempool, with its block. */
  findTx(txid: string): { tx: DevTx; block: DevBlock | null } | undefined {
    const block = this.txIndex.get(txid)
    const inBlock = block?.txs.find((t) => t.txid === txid)
    if (block !== undefined && inBlock !== undefined) return { tx: inBlock, block }
    const tx = this.mempool.find((t) => t.txid === txid)
    return tx === undefined ? undefined : { tx, block: null }
  }

  /** Whether a block is on the active chain. */
  isActive(block: DevBlock): boolean {
    return this.blocks[block.height]?.hash === block.hash
  }
}

const payeeName = (p: Payee): string => (typeof p === 'string' ? p : p.name)
