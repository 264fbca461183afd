// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

interface IUnwrapPair {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function getReserves() external view returns (uint112, uint112, uint32);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

interface IUnwrapERC20 {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

interface IUnwrapWETH {
    function withdraw(uint256 wad) external;
}

/// @title UnwrapRouter: sells a token for the native coin through a token/WETH pair, as Uniswap V2's router does in
/// swapExactTokensForETH: the pair pays WETH to the router, the router unwraps it at WETH and pays the coin on, all
/// in one transaction (a chain of converters: pair -> WETH -> router).
contract UnwrapRouter {
    address public immutable weth;

    constructor(address weth_) {
        weth = weth_;
    }

    receive() external payable {
        require(msg.sender == weth, "UnwrapRouter: NOT_WETH");
    }

    /// Uniswap V2's getAmountOut: the output for `amountIn` after the 0.3% fee.
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256) {
        require(amountIn > 0, "UnwrapRouter: INSUFFICIENT_INPUT_AMOUNT");
        require(reserveIn > 0 && reserveOut > 0, "UnwrapRouter: INSUFFICIENT_LIQUIDITY");
        uint256 amountInWithFee = amountIn * 997;
        return (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
    }

    /// Pulls `amountIn` of `tokenIn` from the caller into `pair`, takes the pair's WETH, unwraps it and pays `to`.
    function swapExactTokensForETH(address pair, address tokenIn, uint256 amountIn, uint256 amountOutMin, address payable to)
        external
        returns (uint256 amountOut)
    {
        address token0 = IUnwrapPair(pair).token0();
        address token1 = IUnwrapPair(pair).token1();
        bool zeroForOne = tokenIn == token0;
        require((zeroForOne && token1 == weth) || (tokenIn == token1 && token0 == weth), "UnwrapRouter: NOT_A_WETH_PAIR");
        (uint112 reserve0, uint112 reserve1,) = IUnwrapPair(pair).getReserves();
        amountOut = zeroForOne ? getAmountOut(amountIn, reserve0, reserve1) : getAmountOut(amountIn, reserve1, reserve0);
        require(amountOut >= amountOutMin, "UnwrapRouter: INSUFFICIENT_OUTPUT_AMOUNT");
        require(IUnwrapERC20(tokenIn).transferFrom(msg.sender, pair, amountIn), "UnwrapRouter: TRANSFER_FROM_FAILED");
        (uint256 amount0Out, uint256 amount1Out) = zeroForOne ? (uint256(0), amountOut) : (amountOut, uint256(0));
        IUnwrapPair(pair).swap(amount0Out, amount1Out, address(this), "");
        IUnwrapWETH(weth).withdraw(amountOut);
        (bool ok,) = to.call{value: amountOut}("");
        require(ok, "UnwrapRouter: ETH_TRANSFER_FAILED");
    }
}
