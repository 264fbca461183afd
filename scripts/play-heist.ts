// Starts anvil, deploys the demo world, plays the heist and writes its manifest (bigints as decimal strings).
// Run: node --import tsx scripts/play-heist.ts [manifest.json]   (stdout when no path is given)
import { deployWorld, startWorldAnvil } from '../src/devnet/world/deploy-world.ts'
import { serializeManifest, writeManifest } from '../src/devnet/world/manifest.ts'
import { playHeist } from '../src/devnet/world/play-heist.ts'

const out = process.argv[2]
const started = Date.now()
const anvil = await startWorldAnvil()
try {
  const world = await deployWorld(anvil.rpcUrl)
  const manifest = await playHeist(world)
  if (out) {
    writeManifest(out, manifest)
    console.error(`${manifest.transactions.length} transactions in ${Date.now() - started} ms; manifest at ${out}`)
  } else {
    process.stdout.write(serializeManifest(manifest))
  }
} finally {
  await anvil.stop()
}
