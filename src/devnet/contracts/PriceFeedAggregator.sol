// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title PriceFeedAggregator: a Chainlink-compatible price feed for tests (AggregatorV3Interface).
/// @notice Like Chainlink's MockV3Aggregator: the owner sets each round's answer; every round is kept, so
/// getRoundData answers for old rounds, and each update emits AnswerUpdated and NewRound as Chainlink's
/// aggregators do. updatedAt is the block's timestamp.
contract PriceFeedAggregator {
    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;
    address public immutable owner;

    uint256 public latestRound;
    mapping(uint256 => int256) public getAnswer;
    mapping(uint256 => uint256) public getTimestamp;
    mapping(uint256 => uint256) private startedAtOf;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        decimals = decimals_;
        description = description_;
        owner = msg.sender;
        _update(initialAnswer);
    }

    /// @notice Starts the next round with `answer`, updated now.
    function updateAnswer(int256 answer) external {
        require(msg.sender == owner, "PriceFeedAggregator: not owner");
        _update(answer);
    }

    function _update(int256 answer) private {
        latestRound += 1;
        getAnswer[latestRound] = answer;
        getTimestamp[latestRound] = block.timestamp;
        startedAtOf[latestRound] = block.timestamp;
        emit NewRound(latestRound, msg.sender, block.timestamp);
        emit AnswerUpdated(answer, latestRound, block.timestamp);
    }

    function latestAnswer() external view returns (int256) {
        return getAnswer[latestRound];
    }

    function latestTimestamp() external view returns (uint256) {
        return getTimestamp[latestRound];
    }

    function getRoundData(uint80 roundId)
        public
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        require(roundId > 0 && roundId <= latestRound, "No data present");
        return (roundId, getAnswer[roundId], startedAtOf[roundId], getTimestamp[roundId], roundId);
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(uint80(latestRound));
    }
}
