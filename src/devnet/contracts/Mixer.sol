// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Mixer: the flow shape of a Tornado Cash fixed-denomination ETH pool, for demos only.
/// @notice Deposits and withdrawals use Tornado's event signatures. There is no zero-knowledge
/// proof: anyone may withdraw with any unused nullifier hash. Never hold real value in it.
contract Mixer {
    uint256 public immutable denomination;
    uint32 public nextIndex;
    mapping(bytes32 => bool) public commitments;
    mapping(bytes32 => bool) public nullifierHashes;

    event Deposit(bytes32 indexed commitment, uint32 leafIndex, uint256 timestamp);
    event Withdrawal(address to, bytes32 nullifierHash, address indexed relayer, uint256 fee);

    constructor(uint256 denomination_) {
        require(denomination_ > 0, "Mixer: zero denomination");
        denomination = denomination_;
    }

    function deposit(bytes32 commitment) external payable {
        require(msg.value == denomination, "Mixer: wrong amount");
        require(!commitments[commitment], "Mixer: commitment already submitted");
        commitments[commitment] = true;
        emit Deposit(commitment, nextIndex++, block.timestamp);
    }

    /// Pays one denomination from the pool to `recipient`, where Tornado would first verify a proof.
    function withdraw(bytes32 nullifierHash, address payable recipient) external {
        require(!nullifierHashes[nullifierHash], "Mixer: note already spent");
        nullifierHashes[nullifierHash] = true;
        (bool ok,) = recipient.call{value: denomination}("");
        require(ok, "Mixer: payment failed");
        emit Withdrawal(recipient, nullifierHash, address(0), 0);
    }

    /// Tornado's relayed withdrawal: a relayer sends the transaction (so the recipient needs no ETH for gas)
    /// and keeps `fee` out of the note; the recipient gets the rest.
    function withdrawRelayed(bytes32 nullifierHash, address payable recipient, address payable relayer, uint256 fee)
        external
    {
        require(fee <= denomination, "Mixer: fee exceeds the note");
        require(!nullifierHashes[nullifierHash], "Mixer: note already spent");
        nullifierHashes[nullifierHash] = true;
        (bool ok,) = recipient.call{value: denomination - fee}("");
        require(ok, "Mixer: payment failed");
        if (fee > 0) {
            (bool paid,) = relayer.call{value: fee}("");
            require(paid, "Mixer: fee payment failed");
        }
        emit Withdrawal(recipient, nullifierHash, relayer, fee);
    }
}
