namespace OpdTokens.Allocation.Tests.Commands;

/// <summary>A command's result for callers that prefer exceptions to checking for an error.</summary>
public sealed class CommandResultTests
{
    [Fact]
    public void Getting_the_value_of_a_failure_throws_an_exception_carrying_the_error_and_its_message()
    {
        var error = new AllocationError(AllocationErrorCode.NotFound, "Token T-D1-20261121-9 does not exist.");
        CommandResult<Token> result = error;

        var thrown = Assert.Throws<AllocationException>(() => result.GetValueOrThrow());

        Assert.Same(error, thrown.Error);
        Assert.Equal(error.Message, thrown.Message);
    }
}
