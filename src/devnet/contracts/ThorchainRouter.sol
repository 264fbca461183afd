// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

interface IERC20Move {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
    function transfer(address to, uint256 value) external returns (bool);
}

/// @title ThorchainRouter: the Ethereum side of a THORChain-style cross-chain swap, for the devnet.
/// @notice Its events have THORChain's router signatures (THORChain_Router.sol), so the same decoder reads
/// the devnet and mainnet: `Deposit(address indexed to, address indexed asset, uint256 amount, string memo)`
/// where `to` is the vault and `asset` is address(0) for ETH, and `TransferOut(address indexed vault,
/// address indexed to, address asset, uint256 amount, string memo)` for outbounds and refunds
/// (memo `OUT:<hash>` / `REFUND:<hash>`). As on mainnet, ETH is forwarded to the vault at once.
contract ThorchainRouter {
    event Deposit(address indexed to, address indexed asset, uint256 amount, string memo);
    event TransferOut(address indexed vault, address indexed to, address asset, uint256 amount, string memo);

    /// Deposits `amount` of `asset` (msg.value for ETH, asset = address(0)) to `vault` with a THORChain memo.
    function deposit(address payable vault, address asset, uint256 amount, string calldata memo) external payable {
        if (asset == address(0)) {
            require(msg.value > 0, "Router: zero amount");
            (bool ok,) = vault.call{value: msg.value}("");
            require(ok, "Router: vault refused ETH");
            emit Deposit(vault, address(0), msg.value, memo);
        } else {
            require(msg.value == 0, "Router: ETH with a token");
            require(IERC20Move(asset).transferFrom(msg.sender, address(this), amount), "Router: pull failed");
            emit Deposit(vault, asset, amount, memo);
        }
    }

    /// A vault pays `to` out (ETH when asset = address(0)): an outbound or a refund, memo OUT:/REFUND:<hash>.
    function transferOut(address payable to, address asset, uint256 amount, string calldata memo) external payable {
        if (asset == address(0)) {
            (bool ok,) = to.call{value: msg.value}("");
            require(ok, "Router: payout refused");
            emit TransferOut(msg.sender, to, address(0), msg.value, memo);
        } else {
            require(IERC20Move(asset).transfer(to, amount), "Router: payout failed");
            emit TransferOut(msg.sender, to, asset, amount, memo);
        }
    }
}
