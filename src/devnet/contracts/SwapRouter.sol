// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

interface IPair {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function getReserves() external view returns (uint112, uint112, uint32);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

interface IERC20From {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title SwapRouter: one-pair exact-input swaps, so that the input transfer, the pair's output
/// transfer and the Swap event all sit in one transaction, as they do through Uniswap's router.
contract SwapRouter {
    /// Uniswap V2's getAmountOut: the output for `amountIn` after the 0.3% fee.
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256) {
        require(amountIn > 0, "SwapRouter: INSUFFICIENT_INPUT_AMOUNT");
        require(reserveIn > 0 && reserveOut > 0, "SwapRouter: INSUFFICIENT_LIQUIDITY");
        uint256 amountInWithFee = amountIn * 997;
        return (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
    }

    /// Pulls `amountIn` of `tokenIn` from the caller into `pair` and sends the other token to `to`.
    function swapExactIn(address pair, address tokenIn, uint256 amountIn, uint256 amountOutMin, address to)
        external
        returns (uint256 amountOut)
    {
        address token0 = IPair(pair).token0();
        require(tokenIn == token0 || tokenIn == IPair(pair).token1(), "SwapRouter: TOKEN_NOT_IN_PAIR");
        (uint112 reserve0, uint112 reserve1,) = IPair(pair).getReserves();
        bool zeroForOne = tokenIn == token0;
        amountOut = zeroForOne ? getAmountOut(amountIn, reserve0, reserve1) : getAmountOut(amountIn, reserve1, reserve0);
        require(amountOut >= amountOutMin, "SwapRouter: INSUFFICIENT_OUTPUT_AMOUNT");
        require(IERC20From(tokenIn).transferFrom(msg.sender, pair, amountIn), "SwapRouter: TRANSFER_FROM_FAILED");
        (uint256 amount0Out, uint256 amount1Out) = zeroForOne ? (uint256(0), amountOut) : (amountOut, uint256(0));
        IPair(pair).swap(amount0Out, amount1Out, to, "");
    }
}
