namespace OpdTokens.Allocation.Tests.Commands;

/// <summary>A command's result: a success with a value or a failure with an error, read by checking, by
/// <c>TryGet*</c>, by <c>Match</c>/<c>Switch</c> or by exception; and a default value that cannot pass for
/// either.</summary>
public sealed class CommandResultTests
{
    private static readonly AllocationError NotFound = new(
        AllocationErrorCode.NotFound,
        "Token T-D1-20261121-9 does not exist."
    );

    private static readonly Doctor Rao = new(new DoctorId("D1"), "Dr Rao", "ENT");

    [Fact]
    public void Getting_the_value_of_a_failure_throws_an_exception_carrying_the_error_and_its_message()
    {
        CommandResult<Token> result = NotFound;

        var thrown = Assert.Throws<AllocationException>(() => result.GetValueOrThrow());

        Assert.Same(NotFound, thrown.Error);
        Assert.Equal(NotFound.Message, thrown.Message);
    }

    [Fact]
    public void A_success_gives_its_value_to_every_reader_and_has_no_error()
    {
        CommandResult<Doctor> result = Rao;

        Assert.True(result.IsSuccess);
        Assert.False(result.IsDefault);
        Assert.Same(Rao, result.Value);
        Assert.Null(result.Error);
        Assert.True(result.TryGetValue(out var value));
        Assert.Same(Rao, value);
        Assert.False(result.TryGetError(out var error));
        Assert.Null(error);
        Assert.Equal("value Dr Rao", result.Match(d => "value " + d.Name, e => "error " + e.Code));
        string? seen = null;
        result.Switch(d => seen = d.Name, e => seen = e.Message);
        Assert.Equal("Dr Rao", seen);
        Assert.Same(Rao, result.GetValueOrThrow());
    }

    [Fact]
    public void A_failure_gives_its_error_to_every_reader_and_has_no_value()
    {
        var result = CommandResult<Doctor>.Failure(NotFound);

        Assert.False(result.IsSuccess);
        Assert.False(result.IsDefault);
        Assert.Null(result.Value);
        Assert.Same(NotFound, result.Error);
        Assert.False(result.TryGetValue(out var value));
        Assert.Null(value);
        Assert.True(result.TryGetError(out var error));
        Assert.Same(NotFound, error);
        Assert.Equal("error NotFound", result.Match(d => "value " + d.Name, e => "error " + e.Code));
        AllocationErrorCode? seen = null;
        result.Switch(_ => seen = null, e => seen = e.Code);
        Assert.Equal(AllocationErrorCode.NotFound, seen);
    }

    [Fact]
    public void The_default_result_is_neither_a_success_nor_a_failure_and_every_reader_says_so()
    {
        var result = default(CommandResult<Doctor>);
        var readers = new Action[]
        {
            () => _ = result.IsSuccess,
            () => _ = result.Value,
            () => _ = result.Error,
            () => result.TryGetValue(out _),
            () => result.TryGetError(out _),
            () => result.Match(_ => 1, _ => 2),
            () => result.Switch(_ => { }, _ => { }),
            () => result.GetValueOrThrow(),
        };

        Assert.True(result.IsDefault);
        Assert.All(
            readers,
            read =>
                Assert.Contains(
                    "CommandResult<Doctor> is the default value",
                    Assert.Throws<InvalidOperationException>(read).Message,
                    StringComparison.Ordinal
                )
        );
    }

    [Fact]
    public void Null_values_errors_and_functions_are_refused()
    {
        CommandResult<Doctor> success = Rao;

        Assert.Equal(
            "value",
            Assert.Throws<ArgumentNullException>(() => CommandResult<Doctor>.Success(null!)).ParamName
        );
        Assert.Equal(
            "error",
            Assert.Throws<ArgumentNullException>(() => CommandResult<Doctor>.Failure(null!)).ParamName
        );
        Assert.Equal("onSuccess", Assert.Throws<ArgumentNullException>(() => success.Match(null!, _ => 0)).ParamName);
        Assert.Equal("onFailure", Assert.Throws<ArgumentNullException>(() => success.Match(_ => 0, null!)).ParamName);
        Assert.Equal(
            "onSuccess",
            Assert.Throws<ArgumentNullException>(() => success.Switch(null!, _ => { })).ParamName
        );
        Assert.Equal(
            "onFailure",
            Assert.Throws<ArgumentNullException>(() => success.Switch(_ => { }, null!)).ParamName
        );
    }
}
