// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

interface IRoundSource {
    function decimals() external view returns (uint8);
    function description() external view returns (string memory);
    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80);
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}

/// @title PriceFeedProxy: the read side of Chainlink's EACAggregatorProxy, for tests.
/// @notice Readers call the proxy; it forwards to its aggregator and, as Chainlink's proxies do, reports round
/// ids with the phase in the top 16 bits (phaseId << 64 | aggregator round). It emits no events: the
/// aggregator behind it (aggregator()) does.
contract PriceFeedProxy {
    IRoundSource public immutable aggregator;
    uint16 public immutable phaseId;

    constructor(IRoundSource aggregator_, uint16 phaseId_) {
        aggregator = aggregator_;
        phaseId = phaseId_;
    }

    function decimals() external view returns (uint8) {
        return aggregator.decimals();
    }

    function description() external view returns (string memory) {
        return aggregator.description();
    }

    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        require(uint16(roundId >> 64) == phaseId, "No data present");
        (, answer, startedAt, updatedAt, answeredInRound) = aggregator.getRoundData(uint80(uint64(roundId)));
        return (roundId, answer, startedAt, updatedAt, _proxyId(answeredInRound));
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        (roundId, answer, startedAt, updatedAt, answeredInRound) = aggregator.latestRoundData();
        return (_proxyId(roundId), answer, startedAt, updatedAt, _proxyId(answeredInRound));
    }

    function _proxyId(uint80 aggregatorRound) private view returns (uint80) {
        return uint80((uint256(phaseId) << 64) | uint256(uint64(aggregatorRound)));
    }
}
