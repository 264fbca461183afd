// Compiles the devnet's Solidity sources with solc-js and writes one committed artifact per contract,
// so that nothing compiles at run time. Run: node --import tsx scripts/compile-contracts.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import solc from 'solc'

// anvil 1.x accepts cancun; pinned so the bytecode does not change with solc's default.
const EVM_VERSION = 'cancun'
const OPTIMIZER_RUNS = 200

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
}

const root = fileURLToPath(new URL('..', import.meta.url))
const sourceDir = join(root, 'src/devnet/contracts')
const artifactDir = join(root, 'src/devnet/artifacts')

const files = readdirSync(sourceDir)
  .filter((f) => f.endsWith('.sol'))
  .sort()
const sources = Object.fromEntries(files.map((f) => [f, { content: readFileSync(join(sourceDir, f), 'utf8') }]))
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
}
const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
for (const e of output.errors ?? []) console.error(e.formattedMessage)
if (errors.length > 0) process.exit(1)

for (const file of files) {
  // One artifact per file: the contract named after it; helper interfaces in the same file are skipped.
  const name = basename(file, '.sol')
  const compiled = output.contracts?.[file]?.[name]
  if (!compiled) throw new Error(`${file} does not define contract ${name}`)
  const artifact = {
    contractName: name,
    sourceName: `src/devnet/contracts/${file}`,
    compiler: { version: solc.version(), evmVersion: EVM_VERSION, optimizer: { enabled: true, runs: OPTIMIZER_RUNS } },
    abi: compiled.abi,
    bytecode: `0x${compiled.evm.bytecode.object}`,
  }
  writeFileSync(join(artifactDir, `${name}.json`), `${JSON.stringify(artifact, null, 2)}\n`)
  console.log(`${name}: ${compiled.evm.bytecode.object.length / 2} bytes`)
}
