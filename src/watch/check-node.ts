import { DragnetError } from '../core/errors.ts'
import { redactUrl } from '../core/redact.ts'
import type { JsonRpcClient } from '../sources/evm-rpc/json-rpc-client.ts'

/** Answers that mean something listens at the URL but it is not an Ethereum JSON-RPC node. */
const NOT_A_NODE = new Set(['RPC_HTTP_ERROR', 'RPC_MALFORMED_RESPONSE', 'RPC_METHOD_UNSUPPORTED', 'RPC_INVALID_DATA'])

/**
 * Asks the node its chain id and head before a watch starts, so that a wrong URL fails at once with a clear code:
 * WATCH_NOT_A_NODE when something answers that is no Ethereum node (a web page, another API), the RPC_* code when
 * nothing answers. Once watching, a node that goes away is waited for instead.
 */
export async function checkNode(client: JsonRpcClient): Promise<{ chainId: bigint; head: bigint }> {
  try {
    const [chainId, head] = await Promise.all([
      client.request<string>('eth_chainId'),
      client.request<string>('eth_blockNumber'),
    ])
    if (!/^0x[0-9a-f]+$/i.test(String(chainId)) || !/^0x[0-9a-f]+$/i.test(String(head))) {
      throw new DragnetError('RPC_INVALID_DATA', 'eth_chainId or eth_blockNumber did not answer a quantity')
    }
    return { chainId: BigInt(chainId), head: BigInt(head) }
  } catch (error) {
    if (!(error instanceof DragnetError)) throw error
    if (NOT_A_NODE.has(error.code) || (error.code === 'RPC_ERROR' && /method/i.test(error.message))) {
      throw new DragnetError(
        'WATCH_NOT_A_NODE',
        `${redactUrl(client.url)} answered, but not as an Ethereum JSON-RPC node (${error.code}): check --rpc`,
        { details: { rpc: redactUrl(client.url), answer: error.code }, cause: error },
      )
    }
    throw error
  }
}
