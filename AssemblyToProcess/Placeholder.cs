namespace A { static class M { static void Main() {} } }
