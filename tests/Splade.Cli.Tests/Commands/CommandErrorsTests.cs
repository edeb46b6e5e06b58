using Splade.Cli.Commands;
using Splade.Cli.Grammar;
using Splade.Retrieval.Input;

namespace Splade.Cli.Tests.Commands;

/// <summary>Every failure becomes one line and an exit code: usage 1, bad input 2, anything unforeseen 3; .NET's decorations never
/// reach the line.</summary>
public sealed class CommandErrorsTests
{
    [Fact]
    public void An_unknown_exception_is_an_internal_error_on_one_line_that_points_to_verbose()
    {
        var (code, message) = CommandErrors.Describe(new KeyNotFoundException("The given key 'doc7' was not present in the dictionary.\nmore"));

        Assert.Equal(ExitCodes.InternalError, code);
        Assert.Equal(3, code);
        Assert.DoesNotContain('\n', message);
        Assert.Contains("KeyNotFoundException", message, StringComparison.Ordinal);
        Assert.Contains("--verbose", message, StringComparison.Ordinal);
        Assert.DoesNotContain("more", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_argument_error_loses_the_parameter_name_dotnet_appends()
    {
        var (code, message) = CommandErrors.Describe(new ArgumentException("indices must be strictly increasing.", "indices"));

        Assert.Equal(ExitCodes.InputError, code);
        Assert.Equal("error: indices must be strictly increasing.", message);
        Assert.DoesNotContain("Parameter", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_and_input_errors_keep_their_codes()
    {
        Assert.Equal(ExitCodes.UsageError, CommandErrors.Describe(new UsageException("--alpha needs --fusion convex")).Code);
        var input = CommandErrors.Describe(new InputFormatException("docs.jsonl", 3, "values", "must be finite"));
        Assert.Equal(ExitCodes.InputError, input.Code);
        Assert.Equal("error: docs.jsonl:3: must be finite", input.Message);
    }
}
