// The checks every consumer's verify.groovy makes, on what its build left behind: the surefire
// reports and the dependency tree (dependency-tree.txt, written by the invoker's first goal).
// Evaluated by verify.groovy; returns a map of closures. Each throws (fails the consumer) with
// what it found.
import groovy.xml.XmlSlurper

/**
 * The test class ran exactly the tests named: the passing ones passed, the breaching one (if any)
 * failed, with a message containing breachMessage.
 */
def outcome = { File basedir, String testClass, List<String> passing, String breaching = null, String breachMessage = null ->
    File report = new File(basedir, "target/surefire-reports/TEST-${testClass}.xml")
    assert report.isFile() : "no surefire report ${report}: the tests did not run (see build.log)"
    def suite = new XmlSlurper().parse(report)
    def cases = suite.testcase.collectEntries { [(it.@name.text()): it] }
    assert cases.keySet() == (passing + (breaching ? [breaching] : [])) as Set : "tests run: ${cases.keySet()}"
    passing.each { name ->
        def c = cases[name]
        assert c.failure.size() == 0 && c.error.size() == 0 && c.skipped.size() == 0 :
                "${name} should pass: ${c.failure.@message} ${c.error.@message} ${c.error.text().take(2000)}"
    }
    if (!breaching) {
        println "consumer ${basedir.name}: ${passing} passed"
        return
    }
    def failed = cases[breaching]
    assert failed.error.size() == 0 : "${breaching} should fail its SLO, not error: ${failed.error.text().take(2000)}"
    assert failed.failure.size() == 1 : "${breaching} should have failed its SLO check but passed"
    String message = failed.failure.@message.text()
    assert message.contains(breachMessage) : "${breaching} failed, but not with '${breachMessage}': ${message}"
    println "consumer ${basedir.name}: ${passing} passed; ${breaching} failed as expected: ${message.readLines().find { it.startsWith("Expecting") } ?: message}"
}

/** Every artifact of the tree: [groupId, artifactId, version, scope]. */
def tree = { File basedir ->
    File file = new File(basedir, 'dependency-tree.txt')
    assert file.isFile() : "no ${file}"
    file.readLines().drop(1).collect { line ->
        def coords = line.replaceFirst(/^[ |+\\-]*/, '').split(' ')[0].split(':')
        // groupId:artifactId:type[:classifier]:version:scope
        [coords[0], coords[1], coords[-2], coords[-1]]
    }
}

/** Our modules are this build's; no Kotlin (nor the JetBrains annotations it brings); one JUnit Jupiter and one Platform version, the expected ones. */
def dependencies = { File basedir, String jupiterVersion ->
    def artifacts = tree(basedir)
    def ours = artifacts.findAll { it[0] == 'io.smartspec' }
    assert ours : "io.smartspec is not in the tree: ${artifacts}"
    ours.each { coords ->
        String a = coords[1], v = coords[2]
        assert new File(localRepositoryPath, "io/smartspec/${a}/${v}/${a}-${v}.pom").isFile() :
                "io.smartspec:${a}:${v} is not from this build (not in ${localRepositoryPath}): make consumer-tests depend on it"
    }
    def jetbrains = artifacts.findAll { it[0].startsWith('org.jetbrains') }
    assert jetbrains.isEmpty() : "Kotlin in the consumer's tree: ${jetbrains}"
    String platformVersion = jupiterVersion.startsWith('5.') ? jupiterVersion.replaceFirst(/^5\./, '1.') : jupiterVersion
    def jupiter = artifacts.findAll { it[0] == 'org.junit.jupiter' }
    def platform = artifacts.findAll { it[0] == 'org.junit.platform' }
    assert jupiter.any { it[1] == 'junit-jupiter-api' } && platform.any { it[1] == 'junit-platform-commons' } :
            "the tree has no JUnit API: ${artifacts}"
    assert jupiter.collect { it[2] }.toSet() == [jupiterVersion] as Set : "JUnit Jupiter versions: ${jupiter}"
    assert platform.collect { it[2] }.toSet() == [platformVersion] as Set : "JUnit Platform versions: ${platform}"
    println "consumer ${basedir.name}: JUnit ${jupiterVersion} (platform ${platformVersion}) only, no Kotlin: ${artifacts.size()} artifacts"
}

/** Nothing printed SLF4J's warnings (no binding, NOP logger) into the build, the tests' output included. */
def quiet = { File basedir ->
    def noise = new File(basedir, 'build.log').readLines().findAll { it =~ /SLF4J[:(]/ }
    assert noise.isEmpty() : "SLF4J warnings in the consumer's output: ${noise}"
}

/** The one JUnit version the consumer's pom.xml declares (junit-jupiter or junit-bom). */
def declaredJUnit = { File basedir ->
    def pom = new XmlSlurper().parse(new File(basedir, 'pom.xml'))
    def versions = pom.'**'.findAll { it.name() == 'dependency' && it.groupId.text().startsWith('org.junit') }
            .collect { it.version.text() }.findAll { it } as Set
    assert versions.size() == 1 : "expected one declared JUnit version in ${basedir}/pom.xml: ${versions}"
    versions.first()
}

return [declaredJUnit: declaredJUnit, outcome: outcome, tree: tree, dependencies: dependencies, quiet: quiet]
