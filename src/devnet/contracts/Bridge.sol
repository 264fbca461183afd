// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

interface IERC20Pull {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title Bridge: the source-chain half of a lock-and-release bridge.
/// @notice Funds locked here are released on another chain to `recipient`; this contract only
/// records the lock. BridgeLocked is the event a tracer keys on to say where the funds went next:
/// `token` is address(0) for ETH, `nonce` numbers the locks from 0.
contract Bridge {
    uint256 public nonce;

    event BridgeLocked(
        uint256 indexed nonce,
        address indexed sender,
        address indexed token,
        uint256 amount,
        uint256 destinationChainId,
        address recipient
    );

    /// Locks msg.value ETH for `recipient` on chain `destinationChainId`.
    function lockETH(uint256 destinationChainId, address recipient) external payable {
        require(msg.value > 0, "Bridge: zero amount");
        emit BridgeLocked(nonce++, msg.sender, address(0), msg.value, destinationChainId, recipient);
    }

    /// Pulls `amount` of `token` from the caller (after approve) and locks it.
    function lockToken(address token, uint256 amount, uint256 destinationChainId, address recipient) external {
        require(amount > 0, "Bridge: zero amount");
        require(IERC20Pull(token).transferFrom(msg.sender, address(this), amount), "Bridge: transfer failed");
        emit BridgeLocked(nonce++, msg.sender, token, amount, destinationChainId, recipient);
    }
}
