using NovaTech.Web;
using Platform.Testing;

namespace NovaTech.Tests;

public sealed class NovaTechHostTests : HostConformanceTests<Program>
{
    protected override string Product => "NovaTech";

    protected override string ApiPrefix => "/api/v1";

    protected override string ApiTitle => "NovaTech API";

    protected override string BootstrapRole => "admin";
}
