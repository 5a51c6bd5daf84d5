import groovy.xml.XmlSlurper

def checks = evaluate(new File(itSources, 'checks.groovy'))
checks.outcome(basedir, 'com.example.CheckoutSloTest', ['aFastCheckoutMeetsItsSlo'], 'aSlowCheckoutBreachesItsSlo',
        'Expecting p99 latency of slow-checkout')
checks.outcome(basedir, 'com.example.CheckoutAppTest', ['theEmbeddedMonitorEvaluatesTheApplicationsMeters'])
checks.dependencies(basedir, checks.declaredJUnit(basedir))
def ours = checks.tree(basedir).findAll { it[0] == 'io.smartspec' }
assert ours.find { it[1] == 'slo-core' }?.getAt(3) == 'compile' : "slo-core should be a compile dependency: ${ours}"
assert ours.collect { it[2] }.toSet().size() == 1 : "one version of our modules, the BOM's: ${ours}"
checks.quiet(basedir)

// the BOM pins every module the root builds, but those never published
def unpublished = ['examples', 'examples-spring-boot', 'consumer-tests', 'slo-bom', 'architecture-tests']
def modules = new XmlSlurper().parse(new File(rootDir, 'pom.xml')).modules.module*.text() - unpublished
def pinned = new XmlSlurper().parse(new File(rootDir, 'slo-bom/pom.xml'))
        .dependencyManagement.dependencies.dependency.artifactId*.text()
assert modules && pinned.containsAll(modules) : "slo-bom does not pin ${modules - pinned} (or they are never published: add them to ${unpublished} in ${basedir.name}/verify.groovy)"
