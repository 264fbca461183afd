export type {
  AssetAmount,
  ExplainArrival,
  ExplainEdge,
  ExplainEndpoint,
  ExplainFreezeWindow,
  ExplainResponse,
} from '../../../src/server/web/web-api-types.ts'
