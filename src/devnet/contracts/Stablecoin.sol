// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Stablecoin: a USDT/USDC-style ERC-20 whose issuer can freeze an address.
/// @notice A frozen address can neither send nor be spent from; it can still receive, as with the
/// real tokens, which is why tainted balances sitting at an address are worth a freeze request.
contract Stablecoin {
    string public name;
    string public symbol;
    uint8 public constant decimals = 6;
    uint256 public totalSupply;
    address public immutable issuer;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => bool) public isFrozen;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event Frozen(address indexed account);
    event Unfrozen(address indexed account);

    modifier onlyIssuer() {
        require(msg.sender == issuer, "Stablecoin: not issuer");
        _;
    }

    constructor(string memory name_, string memory symbol_) {
        name = name_;
        symbol = symbol_;
        issuer = msg.sender;
    }

    function mint(address to, uint256 value) external onlyIssuer {
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function freeze(address account) external onlyIssuer {
        isFrozen[account] = true;
        emit Frozen(account);
    }

    function unfreeze(address account) external onlyIssuer {
        isFrozen[account] = false;
        emit Unfrozen(account);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(!isFrozen[msg.sender], "Stablecoin: spender frozen");
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= value, "Stablecoin: insufficient allowance");
            allowance[from][msg.sender] = allowed - value;
        }
        _transfer(from, to, value);
        return true;
    }

    function _transfer(address from, address to, uint256 value) internal {
        require(!isFrozen[from], "Stablecoin: sender frozen");
        require(balanceOf[from] >= value, "Stablecoin: insufficient balance");
        unchecked {
            balanceOf[from] -= value;
        }
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
