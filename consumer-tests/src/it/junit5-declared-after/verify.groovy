def checks = evaluate(new File(itSources, 'checks.groovy'))
checks.outcome(basedir, 'com.example.CheckoutSloTest', ['aFastCheckoutMeetsItsSlo'], 'aSlowCheckoutBreachesItsSlo',
        'Expecting p99 latency of slow-checkout')
checks.dependencies(basedir, checks.declaredJUnit(basedir))
checks.quiet(basedir)
