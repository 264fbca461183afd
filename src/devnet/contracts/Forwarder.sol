// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Forwarder: moves ETH with internal calls, so that only a call trace shows where it went.
/// @notice Transaction logs carry no record of these native transfers; the Forwarded event is for
/// humans reading a receipt, not a substitute for traces.
contract Forwarder {
    event Forwarded(address indexed from, address indexed to, uint256 amount);
    event ForwardReverted(address indexed from, address indexed to, uint256 amount);

    /// Sends all of msg.value to `to` in one internal call.
    function forward(address payable to) external payable {
        _send(to, msg.value);
        emit Forwarded(msg.sender, to, msg.value);
    }

    /// Sends half of msg.value to `a` and the rest (half, plus one wei if odd) to `b`.
    function split(address payable a, address payable b) external payable {
        uint256 half = msg.value / 2;
        _send(a, half);
        _send(b, msg.value - half);
        emit Forwarded(msg.sender, a, half);
        emit Forwarded(msg.sender, b, msg.value - half);
    }

    /// Tries to send msg.value to `to` in a sub-call that then reverts: the outer transaction
    /// succeeds, the internal transfer to `to` is undone, and the value is refunded to the caller.
    /// A tracer that counts reverted call frames as transfers gets this wrong.
    function forwardThenRevert(address payable to) external payable {
        try this.sendAndRevert{value: msg.value}(to) {
            revert("Forwarder: sub-call did not revert");
        } catch {
            emit ForwardReverted(msg.sender, to, msg.value);
        }
        _send(payable(msg.sender), msg.value);
    }

    /// Sends msg.value to `to`, then reverts; only meant to be called by forwardThenRevert.
    function sendAndRevert(address payable to) external payable {
        require(msg.sender == address(this), "Forwarder: only self");
        _send(to, msg.value);
        revert("Forwarder: reverted on purpose");
    }

    receive() external payable {}

    fallback() external payable {}

    function _send(address payable to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        require(ok, "Forwarder: send failed");
    }
}
