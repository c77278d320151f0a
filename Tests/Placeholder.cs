namespace Tests { public class P { [NUnit.Framework.Test] public void T() { } } }
